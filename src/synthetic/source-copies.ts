/**
 * Each source system's own copy of a person's demographics, with the errors that make real sources
 * disagree: typing slips, nicknames, old surnames and addresses, swapped or slipped dates of birth,
 * missing or wrong NHS numbers, and the same person registered twice. Record linkage is only tested
 * honestly against copies that disagree the way real ones do (DOMAIN.md §10).
 */
import type { Address, Person, Sex, SourceIdentity, SourceSystem } from './model.js';
import { nicknameFor } from './names.js';
import type { Random } from './random.js';

export interface SourceErrorRates {
  /** Chance the NHS number is missing. */
  nhsNumberMissing: number;
  /** Chance the NHS number is another valid (check-digit-valid) number. */
  nhsNumberWrong: number;
  /** Chance of a keyboard slip in the forename or surname: an adjacent key, a dropped or a doubled letter. */
  typo: number;
  /** Chance two neighbouring letters of the forename or surname are swapped. */
  transposition: number;
  /** Chance the forename is held in its informal form (Robert as Bob), when it has one. */
  nickname: number;
  /** Chance the birth surname is still held after a change of surname the source had time to record. */
  maidenName: number;
  /** Chance day and month of birth are swapped, when the day is 12 or less and differs from the month. */
  dobDayMonthSwap: number;
  /** Chance one digit of the day or year of birth is wrong (the result still a real date). */
  dobDigitSlip: number;
  /** Chance the address held is the one before the address true when the source last updated. */
  staleAddress: number;
  /** Chance the source holds a second record for the person (and, rarely, a third or fourth). */
  duplicate: number;
  /** Chance a middle name is not held. */
  missingMiddleName: number;
  /** Chance the postcode has one character wrong or its space missing. */
  postcodeError: number;
  /** Chance sex is recorded as unknown. */
  sexUnknown: number;
}

/** Names of the errors, as recorded in `SourceIdentity.errors`. */
export type SourceError =
  | 'nhs-number-missing'
  | 'nhs-number-wrong'
  | 'nickname'
  | 'missing-middle-name'
  | 'maiden-name'
  | 'typo'
  | 'transposition'
  | 'dob-day-month-swap'
  | 'dob-digit-slip'
  | 'sex-unknown'
  | 'stale-address'
  | 'postcode-error'
  | 'duplicate';

/**
 * Plausible rates, not published figures. GP systems are traced against the national Personal
 * Demographics Service at every registration, so they are the most accurate; hospital systems trace
 * too but register people in a hurry in A&E; community services take details from referrals;
 * council social-care systems trace least and are where NHS numbers are most often missing (about
 * 5–10% of records, DOMAIN.md §11). Duplicates within one source are the figures the locality is
 * calibrated to: GP 0.3%, hospital 1.5%, community 1%, council 2%.
 */
export const defaultSourceErrorRates: Record<SourceSystem, SourceErrorRates> = {
  gp: {
    nhsNumberMissing: 0.002,
    nhsNumberWrong: 0.0005,
    typo: 0.003,
    transposition: 0.001,
    nickname: 0.005,
    maidenName: 0.01,
    dobDayMonthSwap: 0.0005,
    dobDigitSlip: 0.001,
    staleAddress: 0.03,
    duplicate: 0.003,
    missingMiddleName: 0.05,
    postcodeError: 0.003,
    sexUnknown: 0.0005,
  },
  hospital: {
    nhsNumberMissing: 0.01,
    nhsNumberWrong: 0.003,
    typo: 0.01,
    transposition: 0.004,
    nickname: 0.02,
    maidenName: 0.04,
    dobDayMonthSwap: 0.003,
    dobDigitSlip: 0.004,
    staleAddress: 0.06,
    duplicate: 0.015,
    missingMiddleName: 0.2,
    postcodeError: 0.01,
    sexUnknown: 0.002,
  },
  community: {
    nhsNumberMissing: 0.03,
    nhsNumberWrong: 0.004,
    typo: 0.015,
    transposition: 0.005,
    nickname: 0.04,
    maidenName: 0.05,
    dobDayMonthSwap: 0.004,
    dobDigitSlip: 0.005,
    staleAddress: 0.08,
    duplicate: 0.01,
    missingMiddleName: 0.3,
    postcodeError: 0.015,
    sexUnknown: 0.003,
  },
  council: {
    nhsNumberMissing: 0.08,
    nhsNumberWrong: 0.01,
    typo: 0.02,
    transposition: 0.006,
    nickname: 0.06,
    maidenName: 0.07,
    dobDayMonthSwap: 0.006,
    dobDigitSlip: 0.008,
    staleAddress: 0.1,
    duplicate: 0.02,
    missingMiddleName: 0.4,
    postcodeError: 0.02,
    sexUnknown: 0.005,
  },
};

/** No more than this many extra records for one person in one source. */
const maxDuplicates = 3;

/**
 * A second registration mostly happens because the first was not found, which is likelier when
 * the details given differed: so a duplicate copy has each error three times as often (at most
 * one in two, unless the rate was already higher).
 */
function duplicateRates(rates: SourceErrorRates): SourceErrorRates {
  const more = (rate: number): number => Math.max(rate, Math.min(0.5, rate * 3));
  return {
    nhsNumberMissing: more(rates.nhsNumberMissing),
    nhsNumberWrong: more(rates.nhsNumberWrong),
    typo: more(rates.typo),
    transposition: more(rates.transposition),
    nickname: more(rates.nickname),
    maidenName: more(rates.maidenName),
    dobDayMonthSwap: more(rates.dobDayMonthSwap),
    dobDigitSlip: more(rates.dobDigitSlip),
    staleAddress: more(rates.staleAddress),
    duplicate: rates.duplicate,
    missingMiddleName: more(rates.missingMiddleName),
    postcodeError: more(rates.postcodeError),
    sexUnknown: more(rates.sexUnknown),
  };
}

/** Draws only when the rate is above zero, so a source with no errors costs no draws. */
function hit(random: Random, rate: number): boolean {
  return rate > 0 && random.chance(rate);
}

/** Keys next to each letter a–z on a UK QWERTY keyboard. */
const adjacentKeys: readonly string[] = [
  'qwsz', 'vghn', 'xdfv', 'serfcx', 'wrsd', 'drtgvc', 'ftyhbv', 'gyujnb', 'ujko', 'huikmn', 'jiolm', 'kop', 'njk',
  'bhjm', 'iklp', 'ol', 'wa', 'etdf', 'awedxz', 'ryfg', 'yihj', 'cfgb', 'qeas', 'zsdc', 'tugh', 'asx',
];

function isLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code > 127;
}

/** Index of a letter chosen at random at or after `from`, or -1 when there is none. */
function letterAt(random: Random, text: string, from: number): number {
  let count = 0;
  for (let i = from; i < text.length; i++) if (isLetter(text.charCodeAt(i))) count++;
  if (count === 0) return -1;
  let k = random.int(0, count - 1);
  for (let i = from; i < text.length; i++) {
    if (isLetter(text.charCodeAt(i)) && k-- === 0) return i;
  }
  return -1;
}

/** A keyboard slip: a neighbouring key's letter, or a letter dropped or doubled (never the first). */
export function typo(random: Random, text: string): string {
  const kind = random.int(0, 2);
  if (kind === 0) {
    const i = letterAt(random, text, 0);
    const letter = text.charAt(i);
    const lower = letter.toLowerCase();
    const keys = adjacentKeys[lower.charCodeAt(0) - 97];
    if (i >= 0 && keys !== undefined) {
      const key = keys.charAt(random.int(0, keys.length - 1));
      return text.slice(0, i) + (letter === lower ? key : key.toUpperCase()) + text.slice(i + 1);
    }
  }
  const i = letterAt(random, text, 1);
  if (i < 0) return text;
  if (kind === 1 && text.length > 2) return text.slice(0, i) + text.slice(i + 1);
  return text.slice(0, i + 1) + text.slice(i);
}

/** Two neighbouring, different letters swapped (after the first, which is rarely mistyped). */
export function transposition(random: Random, text: string): string {
  const swappable = (i: number): boolean =>
    isLetter(text.charCodeAt(i)) && isLetter(text.charCodeAt(i + 1)) && text.charAt(i) !== text.charAt(i + 1);
  let count = 0;
  for (let i = 1; i + 1 < text.length; i++) if (swappable(i)) count++;
  if (count === 0) return text;
  let k = random.int(0, count - 1);
  for (let i = 1; i + 1 < text.length; i++) {
    if (swappable(i) && k-- === 0) return text.slice(0, i) + text.charAt(i + 1) + text.charAt(i) + text.slice(i + 2);
  }
  return text;
}

/** A digit 0–9 other than `not`. */
function otherDigit(random: Random, not: number): number {
  const d = random.int(0, 8);
  return d >= not ? d + 1 : d;
}

/** The space dropped, or one letter or digit replaced by another of its kind. */
export function postcodeError(random: Random, postcode: string): string {
  const space = postcode.indexOf(' ');
  if (space >= 0 && random.chance(0.5)) return postcode.slice(0, space) + postcode.slice(space + 1);
  const i = letterOrDigitAt(random, postcode);
  if (i < 0) return postcode;
  const code = postcode.charCodeAt(i);
  const replacement =
    code >= 48 && code <= 57
      ? String(otherDigit(random, code - 48))
      : String.fromCharCode(65 + ((code - 65 + random.int(1, 25)) % 26));
  return postcode.slice(0, i) + replacement + postcode.slice(i + 1);
}

function letterOrDigitAt(random: Random, text: string): number {
  const fits = (code: number): boolean => (code >= 48 && code <= 57) || (code >= 65 && code <= 90);
  let count = 0;
  for (let i = 0; i < text.length; i++) if (fits(text.charCodeAt(i))) count++;
  if (count === 0) return -1;
  let k = random.int(0, count - 1);
  for (let i = 0; i < text.length; i++) if (fits(text.charCodeAt(i)) && k-- === 0) return i;
  return -1;
}

const monthDays = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

function isRealDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : (monthDays[month - 1] ?? 31));
}

function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}

/** One digit of the day or of the last two digits of the year changed; a real date no later than `latest`. */
export function dobDigitSlip(random: Random, date: string, latest: string): string | undefined {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const day = Number(date.slice(8, 10));
  for (let tries = 0; tries < 16; tries++) {
    let y = year;
    let d = day;
    const place = random.int(0, 3);
    if (place === 0) d = otherDigit(random, Math.floor(day / 10)) * 10 + (day % 10);
    else if (place === 1) d = Math.floor(day / 10) * 10 + otherDigit(random, day % 10);
    else if (place === 2) y = year - (Math.floor(year / 10) % 10) * 10 + otherDigit(random, Math.floor(year / 10) % 10) * 10;
    else y = year - (year % 10) + otherDigit(random, year % 10);
    if (!isRealDate(y, month, d)) continue;
    const slipped = isoDate(y, month, d);
    if (slipped <= latest) return slipped;
  }
  return undefined;
}

/** Index of the spell true on the date (the first if the date is earlier than all), or -1 if none. */
function spellOn(person: Person, date: string): number {
  let index = person.addresses.length > 0 ? 0 : -1;
  for (let i = 1; i < person.addresses.length; i++) {
    if ((person.addresses[i]?.from ?? '') <= date) index = i;
    else break;
  }
  return index;
}

export interface SourceCopiesInput {
  readonly person: Person;
  readonly source: SourceSystem;
  readonly rates: SourceErrorRates;
  readonly random: Random;
  /** The date the source last updated its copy: the address and surname it holds are those true on that date (stale address), or birth surname if the surname changed after. */
  readonly recordedOn: string;
  /** Makes the source's local id for the k-th copy (k = 0 for the first, 1+ for duplicates). */
  readonly localId: (k: number) => string;
  /** NHS numbers of other people (e.g. household members) for a wrong but valid number; may be empty. */
  readonly otherNhsNumbers: readonly string[];
  /** A function giving a random valid number from the never-issued range when no other is at hand. */
  readonly anyNhsNumber: () => string;
}

/**
 * Someone else's valid number. A wrong number that passes the check digit cannot come from a slip:
 * under modulus 11 any single changed digit or swap of two adjacent different digits breaks the
 * check, so valid wrong numbers are in practice another person's (a relative's, or a mis-picked record).
 */
function wrongNhsNumber(input: SourceCopiesInput): string | undefined {
  const { random, otherNhsNumbers: others, person } = input;
  if (others.length > 0) {
    const start = random.int(0, others.length - 1);
    for (let j = 0; j < others.length; j++) {
      const other = others[(start + j) % others.length];
      if (other !== undefined && other !== person.nhsNumber) return other;
    }
  }
  for (let tries = 0; tries < 5; tries++) {
    const other = input.anyNhsNumber();
    if (other !== person.nhsNumber) return other;
  }
  return undefined;
}

/** Forename and surname after a typo or transposition in one of them, chosen at random. */
function slipInName(random: Random, names: { forename: string; surname: string }, slip: (r: Random, t: string) => string): boolean {
  if (random.chance(0.5)) {
    const slipped = slip(random, names.forename);
    if (slipped === names.forename) return false;
    names.forename = slipped;
  } else {
    const slipped = slip(random, names.surname);
    if (slipped === names.surname) return false;
    names.surname = slipped;
  }
  return true;
}

function copyOf(input: SourceCopiesInput, rates: SourceErrorRates, k: number, errors: SourceError[]): SourceIdentity {
  const { person, random, recordedOn } = input;

  let nhsNumber: string | undefined = person.nhsNumber;
  const nhsNumberError = rates.nhsNumberMissing + rates.nhsNumberWrong > 0 ? random.float() : 1;
  if (nhsNumberError < rates.nhsNumberMissing) {
    nhsNumber = undefined;
    errors.push('nhs-number-missing');
  } else if (nhsNumberError < rates.nhsNumberMissing + rates.nhsNumberWrong) {
    const wrong = wrongNhsNumber(input);
    if (wrong !== undefined) {
      nhsNumber = wrong;
      errors.push('nhs-number-wrong');
    }
  }

  const names = { forename: person.forename, surname: person.surname };
  if (hit(random, rates.nickname)) {
    const nickname = nicknameFor(person.forename, random);
    if (nickname !== undefined && nickname !== person.forename) {
      names.forename = nickname;
      errors.push('nickname');
    }
  }
  let middleName = person.middleName;
  if (middleName !== undefined && hit(random, rates.missingMiddleName)) {
    middleName = undefined;
    errors.push('missing-middle-name');
  }
  // An old surname is held when the change came after the source's last update, or was never passed on.
  if (person.surnameChanged !== undefined && person.birthSurname !== person.surname) {
    if (person.surnameChanged > recordedOn || hit(random, rates.maidenName)) {
      names.surname = person.birthSurname;
      errors.push('maiden-name');
    }
  }
  if (hit(random, rates.typo) && slipInName(random, names, typo)) errors.push('typo');
  if (hit(random, rates.transposition) && slipInName(random, names, transposition)) errors.push('transposition');

  let dateOfBirth = person.dateOfBirth;
  const month = Number(dateOfBirth.slice(5, 7));
  const day = Number(dateOfBirth.slice(8, 10));
  if (day <= 12 && day !== month && hit(random, rates.dobDayMonthSwap)) {
    dateOfBirth = isoDate(Number(dateOfBirth.slice(0, 4)), day, month);
    errors.push('dob-day-month-swap');
  }
  if (hit(random, rates.dobDigitSlip)) {
    const slipped = dobDigitSlip(random, dateOfBirth, recordedOn);
    if (slipped !== undefined) {
      dateOfBirth = slipped;
      errors.push('dob-digit-slip');
    }
  }

  let sex: Sex | 'unknown' = person.sex;
  if (hit(random, rates.sexUnknown)) {
    sex = 'unknown';
    errors.push('sex-unknown');
  }

  // The address true when the source last updated, or (by error) the one before it.
  let spell = spellOn(person, recordedOn);
  if (spell > 0 && hit(random, rates.staleAddress)) spell--;
  if (spell >= 0 && spell < person.addresses.length - 1) errors.push('stale-address');
  const address: Address | undefined = person.addresses[spell]?.address;
  let postcode = address?.postcode;
  if (postcode !== undefined && hit(random, rates.postcodeError)) {
    const wrong = postcodeError(random, postcode);
    if (wrong !== postcode) {
      postcode = wrong;
      errors.push('postcode-error');
    }
  }

  const died = person.dateOfDeath !== undefined && person.dateOfDeath <= recordedOn;
  return {
    source: input.source,
    localId: input.localId(k),
    personId: person.id,
    nhsNumber,
    forename: names.forename,
    middleName,
    surname: names.surname,
    dateOfBirth,
    sex,
    line1: address?.line1,
    town: address?.town,
    postcode,
    phone: person.phone,
    dateOfDeath: died ? person.dateOfDeath : undefined,
    errors,
  };
}

/**
 * The source's copy of the person, followed by any duplicate records it holds for them (each
 * independently noisy, and marked "duplicate"). `errors` names every way a copy differs from the
 * person as they are at the end of the period, including an old surname or address the source
 * still held on `recordedOn` because it was last updated before the change.
 */
export function sourceCopies(input: SourceCopiesInput): SourceIdentity[] {
  const copies = [copyOf(input, input.rates, 0, [])];
  if (hit(input.random, input.rates.duplicate)) {
    const noisier = duplicateRates(input.rates);
    let k = 1;
    do {
      copies.push(copyOf(input, noisier, k, ['duplicate']));
      k++;
    } while (k <= maxDuplicates && hit(input.random, input.rates.duplicate));
  }
  return copies;
}
