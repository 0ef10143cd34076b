/** The person index: identities from every source system and the NHS number rules they share. */
export { formatNhsNumber, isValidNhsNumber, nhsNumberCheckDigit, normaliseNhsNumber } from './nhs-number.js';
