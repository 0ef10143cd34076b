/**
 * How each kind of value is cleaned before it is compared: case, accents, spacing and punctuation
 * removed from names, dates read into eight digits, identifiers reduced to digits. A value that
 * cleans to nothing is missing, and a missing value is no evidence either way.
 */
import { isValidNhsNumber } from '../nhs-number.js';
import type { DateFormat, FieldSettings } from './settings.js';

const accents = /[\u0300-\u036f]/g;

/** Lower case, accents removed, anything but letters and digits a single space. */
export function normaliseText(raw: string): string {
  return raw.normalize('NFKD').replace(accents, '').toLowerCase().replace(/['’]/g, '').replace(/[^a-z0-9]+/g, ' ').trim();
}

/** Lower case with no spaces or punctuation: street numbers, short codes, Australian postcodes. */
export function normaliseCode(raw: string): string {
  return raw.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** A UK postcode in capitals with no space ("ZQ34LP"); anything else that is not empty is kept as written. */
export function normalisePostcode(raw: string): string {
  return raw.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

/** "M", "F" or missing. */
export function normaliseSex(raw: string): string {
  const s = raw.trim().toLowerCase();
  if (s === 'm' || s === 'male' || s === '1') return 'M';
  if (s === 'f' || s === 'female' || s === '2') return 'F';
  return '';
}

/**
 * Eight digits YYYYMMDD, or missing. The calendar is not checked: a mistyped day (19520231) is
 * still evidence about the year and month.
 */
export function normaliseDate(raw: string, format: DateFormat | undefined): string {
  const s = raw.trim();
  let m: RegExpExecArray | null;
  if ((format === undefined || format === 'YYYYMMDD') && (m = /^(\d{4})(\d{2})(\d{2})$/.exec(s))) return `${m[1]}${m[2]}${m[3]}`;
  if ((format === undefined || format === 'YYYY-MM-DD') && (m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:T.*)?$/.exec(s))) return `${m[1]}${m[2]?.padStart(2, '0')}${m[3]?.padStart(2, '0')}`;
  if ((format === undefined || format === 'DD/MM/YYYY') && (m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s))) return `${m[3]}${m[2]?.padStart(2, '0')}${m[1]?.padStart(2, '0')}`;
  return '';
}

/** Digits only; with the NHS number check, a number failing it (or ten equal digits) is missing. */
export function normaliseIdentifier(raw: string, check: FieldSettings['check']): string {
  const digits = raw.replace(/[\s-]/g, '');
  if (check === 'nhs-number') return isValidNhsNumber(digits) && !/^(\d)\1{9}$/.test(digits) ? digits : '';
  return digits;
}

/** The cleaning a field's comparison expects. */
export function normaliserFor(field: FieldSettings): (raw: string) => string {
  switch (field.comparison) {
    case 'name':
    case 'text':
    case 'exact':
      return normaliseText;
    case 'code':
      return normaliseCode;
    case 'uk-postcode':
      return normalisePostcode;
    case 'sex':
      return normaliseSex;
    case 'date':
      return (raw) => normaliseDate(raw, field.dateFormat);
    case 'identifier':
      return (raw) => normaliseIdentifier(raw, field.check);
  }
}

/** The parts of a UK postcode, or undefined when the value is not one ("ZQ3 4LP" → area ZQ, district ZQ3, sector ZQ3 4). */
export function postcodeParts(normalised: string): { area: string; district: string; sector: string } | undefined {
  const full = /^([A-Z]{1,2})(\d[A-Z\d]?)(\d)([A-Z]{2})$/.exec(normalised);
  if (full) {
    const district = `${full[1]}${full[2]}`;
    return { area: full[1] ?? '', district, sector: `${district} ${full[3]}` };
  }
  const outward = /^([A-Z]{1,2})\d[A-Z\d]?$/.exec(normalised);
  if (outward) return { area: outward[1] ?? '', district: normalised, sector: '' };
  return undefined;
}
