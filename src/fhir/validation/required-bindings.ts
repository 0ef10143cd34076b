/**
 * Required bindings (R4 terminologies.html#required): a code element must hold one of the value
 * set's codes; on Coding and CodeableConcept, a coding in one of the value set's systems must have
 * one of that system's codes there (a coding of another system is left alone).
 */
import { quote } from './primitive-values.js';
import type { CodeSet } from './structures.js';

/** Receives each code outside its value set: where it is and what is wrong. */
export type ReportCode = (expression: string, diagnostics: string) => void;

/** Why a code element's value is not allowed, or undefined when it is. */
export function codeProblem(code: string, codes: CodeSet): string | undefined {
  return codes.codes.has(code) ? undefined : notInValueSet(code, codes, [...codes.codes]);
}

/** Checks the codings of a Coding or CodeableConcept value against a required binding. */
export function checkCodings(value: Readonly<Record<string, unknown>>, type: string, codes: CodeSet, path: string, report: ReportCode): void {
  if (type === 'Coding') checkCoding(value, codes, path, report);
  else if (type === 'CodeableConcept') {
    const list = Object.hasOwn(value, 'coding') ? value.coding : undefined;
    if (!Array.isArray(list)) return;
    for (let i = 0; i < list.length; i++) {
      const coding: unknown = list[i];
      if (typeof coding === 'object' && coding !== null && !Array.isArray(coding)) {
        checkCoding(coding as Readonly<Record<string, unknown>>, codes, `${path}.coding[${i}]`, report);
      }
    }
  }
}

function checkCoding(coding: Readonly<Record<string, unknown>>, codes: CodeSet, path: string, report: ReportCode): void {
  const system = Object.hasOwn(coding, 'system') ? coding.system : undefined;
  const code = Object.hasOwn(coding, 'code') ? coding.code : undefined;
  if (typeof system !== 'string' || typeof code !== 'string') return;
  const allowed = codes.bySystem.get(system);
  if (allowed !== undefined && !allowed.has(code)) report(`${path}.code`, notInValueSet(code, codes, [...allowed], system));
}

function notInValueSet(code: string, codes: CodeSet, allowed: readonly string[], system?: string): string {
  const inSystem = system === undefined ? '' : ` in ${system}`;
  const list = allowed.length <= 12 ? ` (${allowed.join(', ')})` : '';
  return `${quote(code)} is not a code${inSystem} of the required value set ${codes.url}${list}`;
}
