/**
 * What a synthetic run can be asked for, with limits, defaults and clear refusals. The same options
 * and seed always give byte-identical output, whatever the machine or number of worker threads.
 */
import { dayNumber } from './calendar.js';
import type { SourceSystem } from './model.js';
import { defaultSourceErrorRates, type SourceErrorRates } from './source-copies.js';

export const synthLimits = {
  minPeople: 1_000,
  maxPeople: 2_000_000,
  minYears: 3,
  maxYears: 10,
  minOlderShare: 0.05,
  maxOlderShare: 0.5,
} as const;

export interface SynthOptions {
  readonly people: number;
  readonly seed: number;
  /** First day of the simulated period (a financial year starts 1 April). */
  readonly start: string;
  /** Whole years simulated from `start`. */
  readonly years: number;
  /** Share of the population aged 65+ at the start (England ≈ 0.19; older coastal places ≈ 0.27). */
  readonly olderShare: number;
  /** Postcode area letters of the place; "ZQ" is in UK format but is no real area. */
  readonly postcodeArea: string;
  readonly sourceErrors: Readonly<Record<SourceSystem, SourceErrorRates>>;
}

export const defaultSynthOptions = {
  start: '2023-04-01',
  years: 3,
  olderShare: 0.27,
  postcodeArea: 'ZQ',
} as const;

/** A refused option: which one, and why. */
export class SynthOptionError extends Error {
  constructor(readonly option: string, message: string) {
    super(message);
    this.name = 'SynthOptionError';
  }
}

export interface SynthOptionsInput {
  people: number | string;
  seed: number | string;
  start?: string | undefined;
  years?: number | string | undefined;
  olderShare?: number | string | undefined;
  postcodeArea?: string | undefined;
  sourceErrors?: Partial<Record<SourceSystem, Partial<SourceErrorRates>>> | undefined;
}

function wholeNumber(option: string, value: number | string, min: number, max: number): number {
  const n = typeof value === 'number' ? value : /^\s*\d[\d_,]*\s*$/.test(value) ? Number(value.replace(/[_,\s]/g, '')) : NaN;
  if (!Number.isSafeInteger(n)) throw new SynthOptionError(option, `--${option} must be a whole number, not "${String(value)}"`);
  if (n < min || n > max) throw new SynthOptionError(option, `--${option} must be from ${min.toLocaleString('en-GB')} to ${max.toLocaleString('en-GB')}, not ${n.toLocaleString('en-GB')}`);
  return n;
}

function share(option: string, value: number | string, min: number, max: number): number {
  const n = typeof value === 'number' ? value : /^\s*\d*\.?\d+\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isFinite(n) || n < min || n > max) throw new SynthOptionError(option, `--${option} must be a number from ${min} to ${max}, not "${String(value)}"`);
  return n;
}

/** Checks and completes the options; throws `SynthOptionError` naming the first bad one. */
export function resolveSynthOptions(input: SynthOptionsInput): SynthOptions {
  const people = wholeNumber('people', input.people, synthLimits.minPeople, synthLimits.maxPeople);
  const seed = wholeNumber('seed', input.seed, 0, 2 ** 32 - 1);
  const start = input.start ?? defaultSynthOptions.start;
  try {
    const day = dayNumber(start);
    if (day < dayNumber('1990-01-01') || day > dayNumber('2100-01-01')) throw new RangeError('out of range');
  } catch {
    throw new SynthOptionError('start', `--start must be a real date from 1990 to 2100 in YYYY-MM-DD form, not "${start}"`);
  }
  const years = wholeNumber('years', input.years ?? defaultSynthOptions.years, synthLimits.minYears, synthLimits.maxYears);
  const olderShare = share('older-share', input.olderShare ?? defaultSynthOptions.olderShare, synthLimits.minOlderShare, synthLimits.maxOlderShare);
  const postcodeArea = input.postcodeArea ?? defaultSynthOptions.postcodeArea;
  if (!/^[A-Z]{1,2}$/.test(postcodeArea)) throw new SynthOptionError('postcode-area', `--postcode-area must be one or two capital letters, not "${postcodeArea}"`);
  const sourceErrors = { ...defaultSourceErrorRates };
  for (const [source, rates] of Object.entries(input.sourceErrors ?? {}) as [SourceSystem, Partial<SourceErrorRates>][]) {
    const base = defaultSourceErrorRates[source] as SourceErrorRates | undefined;
    if (!base) throw new SynthOptionError('source-errors', `Unknown source system "${source}"; the sources are gp, hospital, community and council`);
    for (const [name, rate] of Object.entries(rates)) {
      if (!(name in base)) throw new SynthOptionError('source-errors', `Unknown error rate "${name}" for ${source}`);
      if (typeof rate !== 'number' || !(rate >= 0 && rate <= 1)) throw new SynthOptionError('source-errors', `${source}.${name} must be a rate from 0 to 1, not ${String(rate)}`);
    }
    sourceErrors[source] = { ...base, ...rates };
  }
  return { people, seed, start, years, olderShare, postcodeArea, sourceErrors };
}
