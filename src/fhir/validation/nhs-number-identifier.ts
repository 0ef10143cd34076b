/**
 * UK Core: an Identifier in the NHS number system holds a valid NHS number (UKCore-Patient slice
 * identifier:nhsNumber, DOMAIN.md §5.1; NHS Data Dictionary "NHS Number", DOMAIN.md §5.2). Checked
 * on every Identifier, wherever it is: a Patient's, a Reference's, an extension's.
 */
import { isValidNhsNumber } from '../../people/index.js';
import { quote } from './primitive-values.js';

/** The system URI, exactly: a near miss is another system and is not checked. */
export const nhsNumberSystem = 'https://fhir.nhs.uk/Id/nhs-number';

const tenDigits = /^\d{10}$/;

export interface IdentifierProblem {
  readonly code: 'required' | 'value';
  readonly diagnostics: string;
}

/**
 * Why an Identifier's NHS number is not valid, or undefined when it is valid or the identifier is
 * of another system. A value of the wrong JSON type is left to the primitive checks.
 */
export function nhsNumberProblem(identifier: Readonly<Record<string, unknown>>): IdentifierProblem | undefined {
  if (!Object.hasOwn(identifier, 'system') || identifier.system !== nhsNumberSystem) return undefined;
  const value = Object.hasOwn(identifier, 'value') ? identifier.value : undefined;
  if (value === undefined) {
    return { code: 'required', diagnostics: `An identifier in the NHS number system (${nhsNumberSystem}) needs the NHS number as its value` };
  }
  if (typeof value !== 'string') return undefined;
  if (!tenDigits.test(value)) {
    return { code: 'value', diagnostics: `${quote(value)} is not an NHS number: expected ten digits, with no spaces` };
  }
  if (!isValidNhsNumber(value)) {
    return { code: 'value', diagnostics: `${quote(value)} is not a valid NHS number: its last digit is not the modulus 11 check digit of the first nine` };
  }
  return undefined;
}
