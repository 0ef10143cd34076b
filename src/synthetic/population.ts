/**
 * Households and the people in them, one shard at a time. A household is drawn from templates (an
 * older person alone, an older couple, a care home resident, a younger single adult, couple, family,
 * lone parent or sharers); the mix of older and younger templates is solved so that the population
 * has the asked-for share aged 65+. Households never cross a shard, so a shard is self-contained.
 */
import { addYears, dayNumber, yearOf } from './calendar.js';
import type { Address, Sex } from './model.js';
import { drawName, drawSurname } from './names.js';
import { syntheticNhsNumber, syntheticNhsNumberCapacity } from './nhs-numbers.js';
import { practiceAt, type Place } from './place.js';
import { Random, cumulative } from './random.js';
import { ethnicityWeights } from './reference/ethnicity.js';

/** People per shard: fixed, so that output never depends on how the work is split. */
export const shardSize = 2_000;

export interface AddressPeriod {
  from: number;
  to?: number;
  address: Address;
}

/** A person under construction inside a shard (days are day numbers, see calendar.ts). */
export interface Resident {
  readonly index: number;
  readonly id: string;
  readonly household: number;
  readonly householdId: string;
  readonly sex: Sex;
  readonly forename: string;
  readonly middleName?: string;
  surname: string;
  readonly birthSurname: string;
  surnameChanged?: number;
  readonly born: number;
  readonly ethnicity: number;
  readonly nhsNumber: string;
  readonly practice: string;
  readonly phone?: string;
  /** Shard-local index of a spouse or partner living in the same household. */
  partner?: number;
  readonly addresses: AddressPeriod[];
  /** Care home the person lives in at the start of the period, if any. */
  readonly careHomeAtStart?: string;
  readonly neighbourhood: number;
}

export interface Household {
  readonly id: string;
  readonly members: number[];
  readonly older: boolean;
}

export interface Shard {
  readonly index: number;
  readonly residents: Resident[];
  readonly households: Household[];
}

type Template = 'older single' | 'older couple' | 'care home' | 'single' | 'couple' | 'family' | 'lone parent' | 'sharers';

const olderTemplates: readonly Template[] = ['older single', 'older couple', 'care home'];
const olderTemplateWeights = cumulative([0.5, 0.445, 0.055]);
const olderTemplateMeanSize = 0.5 * 1 + 0.445 * 2 + 0.055 * 1;
const youngerTemplates: readonly Template[] = ['single', 'couple', 'family', 'lone parent', 'sharers'];
const youngerTemplateWeights = cumulative([0.25, 0.25, 0.3, 0.1, 0.1]);
/** Children per family: 1–4 with these weights (mean 1.8). */
const childWeights = cumulative([0.42, 0.4, 0.14, 0.04]);
const meanChildren = 0.42 * 1 + 0.4 * 2 + 0.14 * 3 + 0.04 * 4;
const youngerTemplateMeanSize = 0.25 * 1 + 0.25 * 2 + 0.3 * (2 + meanChildren) + 0.1 * (1 + meanChildren) + 0.1 * 2.5;

/** Ages 65–104 in five-year bands (65–74 ≈ 54%, 75–84 ≈ 32%, 85+ ≈ 14%; ONS mid-year estimates, rounded). */
const olderAgeBands = cumulative([0.29, 0.25, 0.19, 0.13, 0.085, 0.04, 0.012, 0.003]);

/** Chance that a household is one of the older templates, solved for the asked-for 65+ share. */
function olderHouseholdChance(olderShare: number): number {
  return (olderShare * youngerTemplateMeanSize) / (olderTemplateMeanSize * (1 - olderShare) + olderShare * youngerTemplateMeanSize);
}

export interface ShardContext {
  readonly seed: number;
  readonly people: number;
  readonly start: number;
  readonly end: number;
  readonly olderShare: number;
  readonly place: Place;
}

/** Builds shard `index`: its households and residents, with their address histories to the start. */
export function buildShard(ctx: ShardContext, index: number): Shard {
  const first = index * shardSize;
  const last = Math.min(ctx.people, first + shardSize);
  const residents: Resident[] = [];
  const households: Household[] = [];
  const olderChance = olderHouseholdChance(ctx.olderShare);
  const capacity = syntheticNhsNumberCapacity();

  for (let h = 0; first + residents.length < last; h++) {
    const random = Random.stream(ctx.seed, 'household', index, h);
    const householdId = `H${index.toString().padStart(4, '0')}${h.toString().padStart(4, '0')}`;
    const older = random.chance(olderChance);
    const template = older ? olderTemplates[random.weightedIndex(olderTemplateWeights)] : youngerTemplates[random.weightedIndex(youngerTemplateWeights)];
    const ages = householdAges(template ?? 'single', random);
    const ethnicity = random.weightedIndex(ethnicityWeights);
    const surname = drawSurname(random, ethnicity);
    const careHome = template === 'care home' ? ctx.place.careHomes[random.weightedIndex(ctx.place.careHomeWeights)] : undefined;
    const neighbourhood = careHome ? careHome.neighbourhood : ctx.place.neighbourhoods[random.weightedIndex(ctx.place.neighbourhoodWeights)]?.index ?? 0;
    const hood = ctx.place.neighbourhoods[neighbourhood];
    const street = random.pick(hood?.streets ?? []);
    const address: Address = careHome
      ? { line1: careHome.line1, town: hood?.town ?? '', postcode: careHome.postcode, neighbourhood, careHome: careHome.code }
      : { line1: `${random.int(1, 140)} ${street.name}`, town: hood?.town ?? '', postcode: street.postcode, neighbourhood };
    const movedIn = ctx.start - Math.round(random.float() * (careHome ? 3 : 25) * 365);
    const [from, to] = ctx.place.neighbourhoods[neighbourhood]?.span ?? [0, 1];
    const practice = practiceAt(ctx.place, from + random.float() * (to - from)).code;
    const household: Household = { id: householdId, members: [], older };
    households.push(household);

    for (let m = 0; m < ages.length && first + residents.length < last; m++) {
      const personIndex = first + residents.length;
      const r = Random.stream(ctx.seed, 'person', personIndex);
      const age = ages[m] ?? 40;
      const born = ctx.start - Math.round((age + r.float()) * 365.25);
      const couple = (template === 'older couple' || template === 'couple' || template === 'family') && m < 2;
      const sex: Sex = couple ? (m === 0 ? 'male' : 'female') : r.chance(age >= 75 ? 0.6 : 0.5) ? 'female' : 'male';
      const mixed = couple && m === 1 && r.chance(0.1);
      const personEthnicity = mixed ? r.weightedIndex(ethnicityWeights) : ethnicity;
      const name = drawName(r, sex, yearOf(born), personEthnicity);
      // Everyone takes the household's surname except the second partner of a couple, who was born
      // with their own and (as most married women in the UK do) may have taken their partner's.
      const ownSurname = couple && m === 1 ? name.surname : surname;
      const marriedName = couple && m === 1 && ownSurname !== surname && r.chance(template === 'older couple' ? 0.9 : 0.6);
      const marriedOn = marriedName ? Math.min(ctx.start - 30, addYears(born, r.int(20, 34))) : undefined;
      const resident: Resident = {
        index: personIndex,
        id: `P${personIndex.toString().padStart(7, '0')}`,
        household: households.length - 1,
        householdId,
        sex,
        forename: name.forename,
        ...(name.middleName ? { middleName: name.middleName } : {}),
        surname: marriedName ? surname : ownSurname,
        birthSurname: ownSurname,
        ...(marriedOn !== undefined && marriedOn > born ? { surnameChanged: marriedOn } : {}),
        born,
        ethnicity: personEthnicity,
        nhsNumber: syntheticNhsNumber(personIndex % capacity),
        practice,
        ...(age >= 12 && r.chance(0.65) ? { phone: `07700 900${r.int(0, 999).toString().padStart(3, '0')}` } : {}),
        addresses: [],
        ...(careHome ? { careHomeAtStart: careHome.code } : {}),
        neighbourhood,
      };
      const movedInHere = Math.max(movedIn, born);
      if (movedInHere > born + 365 * 18 && r.chance(0.7)) {
        // The address before this one, which a source that has not caught up may still hold.
        const previousHood = ctx.place.neighbourhoods[r.weightedIndex(ctx.place.neighbourhoodWeights)];
        const previousStreet = r.pick(previousHood?.streets ?? []);
        const from = Math.max(born + 365 * 18, movedInHere - Math.round(r.float() * 15 * 365) - 200);
        resident.addresses.push({
          from,
          to: movedInHere,
          address: { line1: `${r.int(1, 140)} ${previousStreet.name}`, town: previousHood?.town ?? '', postcode: previousStreet.postcode, neighbourhood: previousHood?.index ?? 0 },
        });
      }
      resident.addresses.push({ from: movedInHere, address });
      household.members.push(residents.length);
      residents.push(resident);
    }
    if (household.members.length >= 2 && (template === 'older couple' || template === 'couple' || template === 'family')) {
      const [a, b] = household.members;
      if (a !== undefined && b !== undefined) {
        (residents[a] as Resident).partner = b;
        (residents[b] as Resident).partner = a;
      }
    }
  }
  return { index, residents, households };
}

function adultAge(random: Random, min: number, max: number): number {
  // Fewer adults at the youngest ages, who more often live away (students) or with parents.
  const age = min + Math.floor(random.float() ** 0.9 * (max - min + 1));
  return Math.min(max, age);
}

function householdAges(template: Template, random: Random): number[] {
  const olderAge = (): number => 65 + random.weightedIndex(olderAgeBands) * 5 + random.int(0, 4);
  switch (template) {
    case 'older single':
      return [olderAge()];
    case 'care home':
      return [Math.max(75, olderAge() + 8)];
    case 'older couple': {
      const a = olderAge();
      return [a, Math.max(65, Math.min(104, a + Math.round(random.normal(-2, 4))))];
    }
    case 'single':
      return [adultAge(random, 18, 64)];
    case 'couple': {
      const a = adultAge(random, 20, 64);
      return [a, Math.max(18, Math.min(64, a + Math.round(random.normal(-2, 4))))];
    }
    case 'sharers':
      return Array.from({ length: random.chance(0.5) ? 2 : 3 }, () => adultAge(random, 18, 40));
    case 'family':
    case 'lone parent': {
      const children = 1 + random.weightedIndex(childWeights);
      const kids = Array.from({ length: children }, () => random.int(0, 17));
      const eldest = Math.max(...kids);
      const parent = Math.min(64, eldest + random.int(20, 40));
      const parents = template === 'family' ? [parent, Math.max(18, Math.min(64, parent + Math.round(random.normal(-2, 3))))] : [parent];
      return [...parents, ...kids];
    }
  }
}

/** Day number of the start of the period for these options. */
export function periodBounds(start: string, years: number): { start: number; end: number } {
  const s = dayNumber(start);
  return { start: s, end: addYears(s, years) };
}
