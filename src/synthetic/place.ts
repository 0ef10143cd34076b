/**
 * The place: postcode sectors as neighbourhoods (each with a deprivation decile and streets), GP
 * practices, the acute trust and its community hospital, the community provider, the council, home
 * care agencies, care homes and voluntary organisations. Built from the seed and the population size
 * alone, so every worker thread can rebuild exactly the same place.
 */
import type { SynthOptions } from './options.js';
import { Random, cumulative } from './random.js';
import { streetName, townName } from './names.js';

export interface Street {
  readonly name: string;
  /** Full postcode of the street, e.g. "ZQ3 4LP". */
  readonly postcode: string;
}

export interface Neighbourhood {
  readonly index: number;
  /** Postcode district, e.g. "ZQ3". */
  readonly district: string;
  /** Postcode sector, e.g. "ZQ3 4". */
  readonly sector: string;
  readonly town: string;
  /** 1 = most deprived tenth of England, 10 = least. */
  readonly deprivationDecile: number;
  /** Relative share of the population living here. */
  readonly weight: number;
  /** Where the neighbourhood lies on the line of all people, as fractions [from, to) (see `practiceAt`). */
  readonly span: readonly [number, number];
  readonly streets: readonly Street[];
}

export type OrganisationKind = 'gp-practice' | 'acute-trust' | 'community-provider' | 'council' | 'home-care-provider' | 'care-home' | 'voluntary-organisation';

export interface Organisation {
  readonly code: string;
  readonly kind: OrganisationKind;
  readonly name: string;
  readonly neighbourhood: number;
  readonly line1: string;
  readonly postcode: string;
  /** Target list size of a GP practice. */
  readonly listSize?: number;
  readonly beds?: number;
  readonly nursing?: boolean;
}

export interface Place {
  readonly neighbourhoods: readonly Neighbourhood[];
  readonly neighbourhoodWeights: Float64Array;
  readonly practices: readonly Organisation[];
  /** Upper ends of the practices' stretches of the line of people (the last is 1). */
  readonly practiceCuts: Float64Array;
  readonly acuteTrust: Organisation;
  readonly communityProvider: Organisation;
  readonly council: Organisation;
  readonly homeCareProviders: readonly Organisation[];
  readonly careHomes: readonly Organisation[];
  readonly careHomeWeights: Float64Array;
  readonly voluntary: readonly Organisation[];
  /** Every organisation, in output order. */
  readonly organisations: readonly Organisation[];
}

/** Letters used in the inward part of a UK postcode (never C, I, K, M, O or V). */
const unitLetters = 'ABDEFGHJLNPQRSTUWXYZ';
const peoplePerSector = 6_000;
const sectorsPerDistrict = 8;
const peoplePerPractice = 7_700;

/** Builds the place for these options. */
export function buildPlace(options: Pick<SynthOptions, 'people' | 'seed' | 'postcodeArea' | 'olderShare'>): Place {
  const random = Random.stream(options.seed, 'place');
  const sectors = Math.max(4, Math.round(options.people / peoplePerSector));
  const districts = Math.ceil(sectors / sectorsPerDistrict);
  const towns = Array.from({ length: districts }, () => townName(random));
  const practiceCount = Math.max(1, Math.round(options.people / peoplePerPractice));
  const weights = Array.from({ length: sectors }, () => 0.5 + random.float());
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  let covered = 0;
  const usedPostcodes = new Set<string>();

  const neighbourhoods: Neighbourhood[] = [];
  for (let i = 0; i < sectors; i++) {
    const districtIndex = Math.floor(i / sectorsPerDistrict);
    const district = `${options.postcodeArea}${districtIndex + 1}`;
    const sector = `${district} ${(i % sectorsPerDistrict) + 1}`;
    // Older coastal places lean deprived: deciles 1–4 more likely than 7–10.
    const deprivationDecile = 1 + random.weightedIndex(deprivationWeights);
    const streetCount = 12 + random.int(0, 16);
    const streets: Street[] = [];
    const names = new Set<string>();
    while (streets.length < streetCount) {
      const name = streetName(random);
      if (names.has(name)) continue;
      let postcode: string;
      do postcode = `${sector}${random.pick(unitLetters.split(''))}${random.pick(unitLetters.split(''))}`;
      while (usedPostcodes.has(postcode));
      usedPostcodes.add(postcode);
      names.add(name);
      streets.push({ name, postcode });
    }
    neighbourhoods.push({
      index: i, district, sector, town: towns[districtIndex] ?? 'Brixford', deprivationDecile,
      weight: weights[i] ?? 1, span: [covered / totalWeight, (covered += weights[i] ?? 1) / totalWeight], streets,
    });
  }

  const at = (n: number): { neighbourhood: number; line1: string; postcode: string } => {
    const hood = neighbourhoods[n] ?? neighbourhoods[0];
    const street = random.pick(hood?.streets ?? []);
    return { neighbourhood: n, line1: `${random.int(1, 120)} ${street.name}`, postcode: street.postcode };
  };
  const somewhere = (): number => random.int(0, sectors - 1);
  const codes = (prefix: string, n: number): string => `${prefix}${String(n).padStart(6 - prefix.length, '0')}`;

  // Practices lie along the same line as the neighbourhoods, each covering a stretch as long as its
  // list (drawn from 4,500 to 11,000, then scaled to the population), so that a household registers
  // with a practice near home and list sizes stay within the 3,000–15,000 of real practices.
  const targets = Array.from({ length: practiceCount }, () => random.int(4_500, 11_000));
  const targetTotal = targets.reduce((a, b) => a + b, 0);
  const practiceCuts = new Float64Array(practiceCount);
  let cut = 0;
  targets.forEach((t, p) => (practiceCuts[p] = p === practiceCount - 1 ? 1 : (cut += t / targetTotal)));
  const practices: Organisation[] = targets.map((t, p) => {
    const middle = (p === 0 ? 0 : (practiceCuts[p - 1] ?? 0)) / 2 + (practiceCuts[p] ?? 1) / 2;
    const home = Math.max(0, neighbourhoods.findIndex((h) => h.span[1] > middle));
    const town = neighbourhoods[home]?.town ?? '';
    return {
      code: codes('Z9', p + 1), kind: 'gp-practice', name: `${town} ${random.pick(practiceNames)}`, ...at(home),
      listSize: Math.round((t / targetTotal) * options.people),
    };
  });

  const acuteTrust: Organisation = { code: 'RZQ', kind: 'acute-trust', name: `${towns[0] ?? ''} and District Hospitals NHS Foundation Trust`, ...at(0) };
  const communityProvider: Organisation = { code: 'RZR', kind: 'community-provider', name: `${towns[0] ?? ''} Community Health and Care NHS Trust`, ...at(Math.min(1, sectors - 1)) };
  const council: Organisation = { code: 'E06000999', kind: 'council', name: `${towns[0] ?? ''} Council`, ...at(0) };

  const olderPeople = options.people * options.olderShare;
  const homeCareProviders: Organisation[] = Array.from({ length: Math.max(3, Math.round(olderPeople / 2_500)) }, (_, i) => ({
    code: codes('ZH', i + 1), kind: 'home-care-provider', name: `${random.pick(careNames)} Home Care ${i + 1}`, ...at(somewhere()),
  }));
  // Beds for 4.6% of people aged 65+: about 4% live in a care home, and homes run about 85–90% full.
  const bedsNeeded = Math.round(olderPeople * 0.046);
  const careHomes: Organisation[] = [];
  for (let beds = 0; beds < bedsNeeded || careHomes.length < 2; ) {
    const size = Math.max(18, Math.min(random.int(18, 80), bedsNeeded - beds));
    const nursing = random.chance(0.4);
    const n = careHomes.length + 1;
    const hood = somewhere();
    const name = `${random.pick(careHomeNames)} ${nursing ? 'Nursing Home' : 'Care Home'}`;
    careHomes.push({ code: codes('ZC', n), kind: 'care-home', name, neighbourhood: hood, line1: `${name}, ${random.pick(neighbourhoods[hood]?.streets ?? []).name}`, postcode: at(hood).postcode, beds: size, nursing });
    beds += size;
  }
  const voluntary: Organisation[] = voluntaryNames.map((name, i) => ({ code: codes('ZV', i + 1), kind: 'voluntary-organisation', name: `${name} ${towns[0] ?? ''}`, ...at(somewhere()) }));

  return {
    neighbourhoods,
    neighbourhoodWeights: cumulative(neighbourhoods.map((h) => h.weight)),
    practices,
    practiceCuts,
    acuteTrust,
    communityProvider,
    council,
    homeCareProviders,
    careHomes,
    careHomeWeights: cumulative(careHomes.map((h) => h.beds ?? 0)),
    voluntary,
    organisations: [...practices, acuteTrust, communityProvider, council, ...homeCareProviders, ...careHomes, ...voluntary],
  };
}

const deprivationWeights = cumulative([1.4, 1.4, 1.3, 1.2, 1.0, 0.9, 0.8, 0.7, 0.7, 0.6]);
const practiceNames = ['Medical Practice', 'Health Centre', 'Surgery', 'Medical Centre', 'Family Practice'];
const careNames = ['Coastal', 'Bayside', 'Helping Hands', 'Westcountry', 'Caring Touch', 'Harbour', 'Riverside'];
const careHomeNames = ['Seaview', 'The Laurels', 'Oakfield', 'Cliff House', 'St Marys', 'Beechwood', 'The Moorings', 'Palm Court', 'Hillcrest', 'Abbey Lodge'];
const voluntaryNames = ['Age UK', 'Carers Support', 'Good Neighbours', 'Community Transport', 'Dementia Friendly Communities', 'Food Bank', 'Befriending Service'];

/** The practice whose stretch holds `position` (a fraction of the line of people). */
export function practiceAt(place: Place, position: number): Organisation {
  const cuts = place.practiceCuts;
  let lo = 0;
  let hi = cuts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((cuts[mid] ?? 1) > position) hi = mid;
    else lo = mid + 1;
  }
  return place.practices[lo] ?? (place.practices[0] as Organisation);
}
