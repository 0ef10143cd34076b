/**
 * Frailty (DOMAIN.md §9): the electronic Frailty Index and the Hospital Frailty Risk Score.
 *
 * eFI (Clegg et al., Age and Ageing 2016): 36 equally weighted deficits; a person has a deficit when
 * it is recorded as one, when a coded condition is in its concept set (efi-concepts.ts), or, for
 * polypharmacy, when they have 5 or more active medicines. Score = deficits / 36; bands by whole
 * deficits (fit 0–4, mild 5–8, moderate 9–12, severe 13+), never by comparing the score with 0.12,
 * 0.24 and 0.36 (0.12 × 36 = 4.32).
 *
 * HFRS (Gilbert et al., Lancet 2018): for people aged 75 or over at the index date, every ICD-10
 * diagnosis of every admission that started in the two years up to the index date, cut to its first
 * three characters, each distinct code counted once with its points (reference/hfrs-weights.csv, the
 * paper's appendix). Points are added in tenths, as whole numbers, so that sums are exact. Bands:
 * low below 5, intermediate from 5 to 15 (both included), high above 15.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { efiBand, efiDeficits, type EfiDeficit } from '../synthetic/index.js';
import { efiConceptSets, type EfiConceptSets } from './efi-concepts.js';

export type EfiBand = ReturnType<typeof efiBand>;
export type HfrsBand = 'low' | 'intermediate' | 'high';

/** 5 or more active medicines is the polypharmacy deficit. */
export const polypharmacyThreshold = 5;

export interface CodedCondition {
  system: string;
  code: string;
}

export interface Admission {
  /** The day it started (YYYY-MM-DD, or an instant whose date is taken). */
  start: string;
  end?: string | undefined;
  method: 'emergency' | 'elective';
  /** ICD-10 codes, primary and secondary, with or without the dot (I50.9, I509). */
  diagnoses: readonly string[];
}

export interface EfiResult {
  /** The deficits present, in the eFI's order. */
  deficits: EfiDeficit[];
  score: number;
  band: EfiBand;
}

export interface HfrsResult {
  score: number;
  band: HfrsBand;
}

/** Each deficit's place in the eFI's order. */
const deficitIndex = new Map<string, number>(efiDeficits.map((d, i) => [d, i]));
const polypharmacy = deficitIndex.get('polypharmacy') ?? -1;

/** Each coded concept's deficit (its place in the eFI's order), by system and then code. */
export type EfiConcepts = ReadonlyMap<string, ReadonlyMap<string, number>>;

export function efiConcepts(sets: EfiConceptSets): EfiConcepts {
  const codes = new Map<string, number>();
  for (const [deficit, list] of Object.entries(sets.deficits)) for (const code of list) codes.set(code, deficitIndex.get(deficit) ?? -1);
  return new Map([[sets.system, codes]]);
}
const defaultConcepts = efiConcepts(efiConceptSets);

/** The eFI of one person, from recorded deficits, coded conditions and the count of active medicines. */
export function efi(
  person: { deficits?: readonly string[] | undefined; conditions?: readonly CodedCondition[] | undefined; activeMedications: number },
  concepts: EfiConcepts = defaultConcepts,
): EfiResult {
  const present = new Uint8Array(efiDeficits.length);
  for (const name of person.deficits ?? []) {
    const at = deficitIndex.get(name);
    if (at === undefined) throw new RangeError(`"${name}" is not one of the eFI's 36 deficits`);
    present[at] = 1;
  }
  for (const c of person.conditions ?? []) {
    const at = concepts.get(c.system)?.get(c.code);
    if (at !== undefined) present[at] = 1;
  }
  if (person.activeMedications >= polypharmacyThreshold) present[polypharmacy] = 1;
  const deficits = efiDeficits.filter((_, i) => present[i] === 1);
  return { deficits, score: deficits.length / efiDeficits.length, band: efiBand(deficits.length) };
}

/** HFRS points of each three-character ICD-10 code, in tenths. */
export function loadHfrsPoints(file: URL | string = new URL('./reference/hfrs-weights.csv', import.meta.url)): ReadonlyMap<string, number> {
  const rows = parse<Record<string, string | undefined>>(readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true, trim: true });
  const points = new Map<string, number>();
  for (const [i, row] of rows.entries()) {
    const code = row.icd10_3char ?? '';
    const value = Number(row.points);
    if (!/^[A-Z]\d{2}$/.test(code) || row.points === undefined || !Number.isFinite(value)) throw new Error(`${String(file)}: row ${i + 2} is not an ICD-10 code and its points`);
    points.set(code, Math.round(value * 10));
  }
  return points;
}

let hfrsPoints: ReadonlyMap<string, number> | undefined;

export function hfrsBand(score: number): HfrsBand {
  if (score < 5) return 'low';
  if (score <= 15) return 'intermediate';
  return 'high';
}

const day = (value: string): string => value.slice(0, 10);

/** Whole years from `birth` to `on` (both YYYY-MM-DD). */
export function ageOn(birth: string, on: string): number {
  const [by, bm, bd] = birth.split('-').map(Number) as [number, number, number];
  const [y, m, d] = on.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** The date `years` whole years after `on` (before it when negative; 29 February goes to 28 February). */
export function shiftYears(on: string, years: number): string {
  const [y, m, d] = on.split('-').map(Number) as [number, number, number];
  const last = new Date(Date.UTC(y + years, m, 0)).getUTCDate();
  return `${String(y + years).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

let lastIndex: { on: string; from: string } | undefined;
function twoYearsBefore(on: string): string {
  if (lastIndex?.on !== on) lastIndex = { on, from: shiftYears(on, -2) };
  return lastIndex.from;
}

/** The HFRS of one person at the index date; null under 75. */
export function hfrs(person: { birthDate: string; admissions: readonly Admission[] }, indexDate: string, points: ReadonlyMap<string, number> = (hfrsPoints ??= loadHfrsPoints())): HfrsResult | null {
  if (ageOn(person.birthDate, indexDate) < 75) return null;
  const from = twoYearsBefore(indexDate);
  const codes = new Set<string>();
  for (const a of person.admissions) {
    const start = day(a.start);
    if (start < from || start > indexDate) continue;
    for (const d of a.diagnoses) codes.add(d.replace('.', '').trim().toUpperCase().slice(0, 3));
  }
  let tenths = 0;
  for (const code of codes) tenths += points.get(code) ?? 0;
  const score = tenths / 10;
  return { score, band: hfrsBand(score) };
}
