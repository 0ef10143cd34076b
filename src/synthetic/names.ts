/**
 * Names, streets and towns for synthetic people, drawn from the reference lists with frequencies
 * that look like an English place's (see `reference/names.ts`). Every weight table is built once,
 * when the module loads, so each draw is a binary search or two.
 */
import { nicknames } from '../people/index.js';
import type { EthnicityIndex, Sex } from './model.js';
import { cumulative, type Random } from './random.js';
import { ethnicGroups, whiteBritish, type EthnicGroup } from './reference/ethnicity.js';
import {
  birthCohortStarts,
  britishForenames,
  commonSurnames,
  forenameRankExponent,
  groupNames,
  middleNameShare,
  moreSurnames,
  partMadeSurnames,
  rareSurnameShare,
  surnameParts,
  surnameTailExponent,
  womenOnlySurnames,
} from './reference/names.js';
import { streetNamesWhole, streetParts, streetSuffixes, towns, wholeStreetNameShare } from './reference/streets.js';

/** Names with cumulative weights, for `Random.weightedIndex`. */
interface NameTable {
  readonly names: readonly string[];
  readonly weights: Float64Array;
}

function table(names: readonly string[], weights: readonly number[]): NameTable {
  return { names, weights: cumulative(weights) };
}

/** Weights by rank, rank^-exponent, for lists known by rank rather than by count. */
function byRank(names: readonly string[], exponent: number): NameTable {
  return table(names, names.map((_, i) => (i + 1) ** -exponent));
}

function draw(random: Random, from: NameTable): string {
  return from.names[random.weightedIndex(from.weights)] ?? '';
}

/** FNV-1a: a fixed, seed-independent order for the part-made surnames. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Letters that may double where two parts join ("Hal" + "ley"); others look wrong ("Ash" + "hill"). */
const joinsThatDouble = new Set(['l', 'n', 'r']);

function partMade(firsts: readonly string[], lasts: readonly string[], into: Set<string>, listed: ReadonlySet<string>): void {
  for (const first of firsts) {
    for (const last of lasts) {
      const join = first.charAt(first.length - 1).toLowerCase();
      if (join === last.charAt(0) && !joinsThatDouble.has(join)) continue;
      const name = first + last;
      if (!listed.has(name)) into.add(name);
    }
  }
}

/**
 * One table for everyone with a British surname: the listed names with their ONS-like weights, then
 * a middle tier and a rare tier of part-made names, scaled so the shares match the reference.
 */
function britishSurnameTable(): NameTable {
  const names = commonSurnames.map(([name]) => name);
  const weights = commonSurnames.map(([, weight]) => weight);
  const lastRank = commonSurnames.length;
  const lastWeight = weights[lastRank - 1] ?? 1;
  moreSurnames.forEach((name, i) => {
    names.push(name);
    weights.push(lastWeight * ((lastRank + 1 + i) / lastRank) ** -surnameTailExponent);
  });
  const listedTotal = weights.reduce((a, b) => a + b, 0);
  // listed weights are people per 100,000 with British names
  const rareTotal = 100_000 * rareSurnameShare;
  const middleTotal = 100_000 - listedTotal - rareTotal;
  if (middleTotal <= 0) throw new RangeError('The listed surnames leave no room for the rest');

  const made = new Set<string>();
  const listed = new Set(names);
  partMade(surnameParts.englishFirst, surnameParts.englishLast, made, listed);
  partMade(surnameParts.cornishFirst, surnameParts.cornishLast, made, listed);
  const ordered = [...made].sort((a, b) => fnv1a(a) - fnv1a(b) || (a < b ? -1 : 1));
  const middleCount = Math.round(ordered.length * partMadeSurnames.middleTierShare);
  const shape = ordered.slice(0, middleCount).map((_, k) => (1 + k / partMadeSurnames.middleTierScale) ** -partMadeSurnames.middleTierExponent);
  const shapeTotal = shape.reduce((a, b) => a + b, 0);
  const rareCount = ordered.length - middleCount;
  ordered.forEach((name, k) => {
    names.push(name);
    weights.push(k < middleCount ? ((shape[k] ?? 0) * middleTotal) / shapeTotal : rareTotal / rareCount);
  });
  return table(names, weights);
}

const britishSurnames = britishSurnameTable();

const britishForenameTables: Readonly<Record<Sex, readonly NameTable[]>> = {
  female: britishForenames.female.map((names, cohort) => byRank(names, forenameRankExponent[cohort] ?? 0.5)),
  male: britishForenames.male.map((names, cohort) => byRank(names, forenameRankExponent[cohort] ?? 0.5)),
};

interface GroupTables {
  readonly surnames: NameTable;
  readonly female: NameTable;
  readonly male: NameTable;
  readonly middleNameShare: number;
}

const groupTables = new Map<string, GroupTables>(
  Object.entries(groupNames).map(([group, names]) => [
    group,
    {
      surnames: byRank(names.surnames, names.surnameExponent),
      female: byRank(names.female, names.forenameExponent),
      male: byRank(names.male, names.forenameExponent),
      middleNameShare: names.middleNameShare,
    },
  ]),
);

/** Nickname forms with weights falling by rank: the first form is the usual one. */
const nicknameTables = new Map<string, NameTable>(Object.entries(nicknames).map(([formal, forms]) => [formal, byRank(forms, 1)]));

const streetSuffixTable = table(
  streetSuffixes.map(([suffix]) => suffix),
  streetSuffixes.map(([, weight]) => weight),
);
const townTable = table(
  towns.map(([town]) => town),
  towns.map(([, weight]) => weight),
);

/** Birth cohort 0–4 of the forename lists (born before 1945, 1945–1964, … 2005 on). */
export function birthCohort(birthYear: number): number {
  let cohort = 0;
  while (cohort < birthCohortStarts.length && birthYear >= (birthCohortStarts[cohort] ?? Infinity)) cohort++;
  return cohort;
}

function groupOf(ethnicity: EthnicityIndex): EthnicGroup {
  const group = ethnicGroups[ethnicity] ?? ethnicGroups[whiteBritish];
  if (!group) throw new RangeError('The ethnic group list is empty');
  return group;
}

/** The other group's tables, or undefined when this person's names come from the British lists. */
function ownGroupTables(random: Random, group: EthnicGroup): GroupTables | undefined {
  if (group.nameGroup === 'british' || random.chance(group.britishNameShare)) return undefined;
  return groupTables.get(group.nameGroup);
}

function forenameTable(tables: GroupTables | undefined, sex: Sex, cohort: number): NameTable {
  if (tables) return tables[sex];
  const byCohort = britishForenameTables[sex];
  const chosen = byCohort[cohort] ?? byCohort[byCohort.length - 1];
  if (!chosen) throw new RangeError('The forename lists are empty');
  return chosen;
}

/** A forename for someone of this sex, birth year and ethnic group. */
export function drawForename(random: Random, sex: Sex, birthYear: number, ethnicity: EthnicityIndex): string {
  const tables = ownGroupTables(random, groupOf(ethnicity));
  return draw(random, forenameTable(tables, sex, birthCohort(birthYear)));
}

export interface DrawnName {
  readonly forename: string;
  readonly middleName?: string;
  readonly surname: string;
}

function anySurname(random: Random, ethnicity: EthnicityIndex): string {
  const tables = ownGroupTables(random, groupOf(ethnicity));
  return draw(random, tables ? tables.surnames : britishSurnames);
}

const womenOnly = new Map(Object.entries(womenOnlySurnames));

/** A surname a man may carry: a women-only one (Kaur, Begum) becomes the men's form, or is drawn again. */
function mensSurname(random: Random, ethnicity: EthnicityIndex): string {
  let surname = anySurname(random, ethnicity);
  for (let tries = 0; womenOnly.has(surname) && tries < 8; tries++) {
    surname = womenOnly.get(surname) ?? anySurname(random, ethnicity);
  }
  return surname;
}

/**
 * A surname for a household of this ethnic group (households share one, so it is drawn on its own):
 * never one that only women carry, as any member may take it.
 */
export function drawSurname(random: Random, ethnicity: EthnicityIndex): string {
  return mensSurname(random, ethnicity);
}

/**
 * A whole name: forename, a middle name for most (more often in older cohorts) and a surname. The
 * middle name comes from the same list as the forename and differs from it.
 */
export function drawName(random: Random, sex: Sex, birthYear: number, ethnicity: EthnicityIndex): DrawnName {
  const cohort = birthCohort(birthYear);
  const tables = ownGroupTables(random, groupOf(ethnicity));
  const forenames = forenameTable(tables, sex, cohort);
  const forename = draw(random, forenames);
  const middleShare = tables ? tables.middleNameShare : (middleNameShare[cohort] ?? 0.6);
  let middleName: string | undefined;
  if (random.chance(middleShare)) {
    middleName = draw(random, forenames);
    if (middleName === forename) middleName = draw(random, forenames);
    if (middleName === forename) middleName = undefined;
  }
  const surname = sex === 'male' ? mensSurname(random, ethnicity) : anySurname(random, ethnicity);
  return middleName === undefined ? { forename, surname } : { forename, middleName, surname };
}

/** An informal form of the forename (Robert → Bob), or undefined when it has none. */
export function nicknameFor(forename: string, random: Random): string | undefined {
  const forms = nicknameTables.get(forename);
  return forms ? draw(random, forms) : undefined;
}

/** A street name such as "Harbour View" or "Fore Street". */
export function streetName(random: Random): string {
  if (random.chance(wholeStreetNameShare)) return random.pick(streetNamesWhole);
  return `${random.pick(streetParts)} ${draw(random, streetSuffixTable)}`;
}

/** A town or village of the place, the main town most often. */
export function townName(random: Random): string {
  return draw(random, townTable);
}
