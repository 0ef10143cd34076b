/**
 * The frailty of many people at once, from a document (`joinedup risk frailty --input people.json`):
 *
 *   {"index_date": "YYYY-MM-DD", "people": [{"id", "birth_date", "efi_deficits"?: [deficit names],
 *    "conditions"?: [{"system", "code"}], "active_medications": n,
 *    "admissions": [{"start", "end", "method": "emergency"|"elective", "diagnoses": [ICD-10 codes]}]}]}
 *
 * answered {"people": [{"id", "efi": {"deficits", "score", "band"}, "hfrs": {"score", "band"} | null}]}.
 * Every problem is reported with where it is (people[3].birth_date), all at once, and nothing is scored.
 */
import { efiDeficits } from '../synthetic/index.js';
import { type Admission, type CodedCondition, type EfiResult, efi, hfrs, type HfrsResult } from './frailty.js';

export interface FrailtyProblem {
  path: string;
  message: string;
}

export class FrailtyInputError extends Error {
  constructor(readonly problems: readonly FrailtyProblem[]) {
    super(`${problems.length} problem(s) with the input: ${problems.slice(0, 5).map((p) => `${p.path} ${p.message}`).join('; ')}${problems.length > 5 ? '; …' : ''}`);
    this.name = 'FrailtyInputError';
  }
}

export interface FrailtyOutput {
  people: { id: string; efi: EfiResult; hfrs: HfrsResult | null }[];
}

const isDate = (v: unknown): v is string => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}/.test(v) && !Number.isNaN(Date.parse(v.slice(0, 10)));
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Checks the document and scores every person, or throws FrailtyInputError listing every problem. */
export function frailtyOf(document: unknown): FrailtyOutput {
  const problems: FrailtyProblem[] = [];
  const at = (path: string, message: string): void => { problems.push({ path, message }); };
  if (!isObject(document)) throw new FrailtyInputError([{ path: '$', message: 'must be an object with index_date and people' }]);
  const indexDate = document.index_date;
  if (!isDate(indexDate)) at('index_date', 'must be a date, YYYY-MM-DD');
  if (!Array.isArray(document.people)) at('people', 'must be a list of people');
  const people: { id: string; birthDate: string; deficits?: string[]; conditions?: CodedCondition[]; activeMedications: number; admissions: Admission[] }[] = [];
  const ids = new Set<string>();
  for (const [i, p] of (Array.isArray(document.people) ? document.people : []).entries()) {
    const where = `people[${i}]`;
    if (!isObject(p)) {
      at(where, 'must be an object');
      continue;
    }
    const id = typeof p.id === 'number' ? String(p.id) : p.id;
    if (typeof id !== 'string' || id === '') at(`${where}.id`, 'must be a string');
    else if (ids.has(id)) at(`${where}.id`, `"${id}" is given more than once`);
    else ids.add(id);
    if (!isDate(p.birth_date)) at(`${where}.birth_date`, 'must be a date, YYYY-MM-DD');
    const deficits = p.efi_deficits;
    if (deficits !== undefined && (!Array.isArray(deficits) || deficits.some((d) => typeof d !== 'string'))) at(`${where}.efi_deficits`, 'must be a list of deficit names');
    for (const [j, d] of (Array.isArray(deficits) ? deficits : []).entries()) {
      if (typeof d === 'string' && !(efiDeficits as readonly string[]).includes(d)) at(`${where}.efi_deficits[${j}]`, `"${d}" is not one of the eFI's 36 deficits (DOMAIN.md §9), e.g. "heart failure"`);
    }
    const conditions = p.conditions;
    if (conditions !== undefined && !Array.isArray(conditions)) at(`${where}.conditions`, 'must be a list of {system, code}');
    for (const [j, c] of (Array.isArray(conditions) ? conditions : []).entries()) {
      if (!isObject(c) || typeof c.system !== 'string' || typeof c.code !== 'string') at(`${where}.conditions[${j}]`, 'must be {"system": "…", "code": "…"}');
    }
    const medicines = p.active_medications;
    if (typeof medicines !== 'number' || !Number.isInteger(medicines) || medicines < 0) at(`${where}.active_medications`, 'must be a whole number, 0 or more');
    const admissions = p.admissions ?? [];
    if (!Array.isArray(admissions)) at(`${where}.admissions`, 'must be a list of admissions');
    for (const [j, a] of (Array.isArray(admissions) ? admissions : []).entries()) {
      const here = `${where}.admissions[${j}]`;
      if (!isObject(a)) {
        at(here, 'must be an object');
        continue;
      }
      if (!isDate(a.start)) at(`${here}.start`, 'must be a date, YYYY-MM-DD');
      if (a.end !== undefined && a.end !== null && !isDate(a.end)) at(`${here}.end`, 'must be a date, YYYY-MM-DD');
      if (a.method !== 'emergency' && a.method !== 'elective') at(`${here}.method`, 'must be "emergency" or "elective"');
      if (!Array.isArray(a.diagnoses) || a.diagnoses.some((d) => typeof d !== 'string' || !/^[A-Za-z]\d{2}/.test(d))) at(`${here}.diagnoses`, 'must be a list of ICD-10 codes, e.g. "I50.9"');
    }
    people.push({
      id: String(id), birthDate: String(p.birth_date).slice(0, 10), activeMedications: typeof medicines === 'number' ? medicines : 0,
      ...(Array.isArray(deficits) ? { deficits: deficits as string[] } : {}),
      ...(Array.isArray(conditions) ? { conditions: conditions as CodedCondition[] } : {}),
      admissions: Array.isArray(admissions) ? (admissions as Admission[]) : [],
    });
  }
  if (problems.length > 0) throw new FrailtyInputError(problems);
  const on = String(indexDate).slice(0, 10);
  return {
    people: people.map((p) => ({
      id: p.id,
      efi: efi({ deficits: p.deficits, conditions: p.conditions, activeMedications: p.activeMedications }),
      hfrs: hfrs({ birthDate: p.birthDate, admissions: p.admissions }, on),
    })),
  };
}
