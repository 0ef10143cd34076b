/**
 * The emergency-admission model's inputs (DOMAIN.md §9): what is known of a person on an index date,
 * from every source of the shared record, turned into one row of numbers, and the outcome (an
 * emergency admission to an acute hospital in the 12 months from the index date).
 *
 * `PersonActivity` is the record as the model reads it, whatever the source: the record store
 * (record-activity.ts) and the synthetic locality's truth (synthetic-activity.ts) each produce it,
 * and everything after that is this one file. Windows are half-open: "the last 12 months" is
 * [index − 12 months, index), and the outcome window is [index, index + 12 months).
 */
import { efiDeficits } from '../synthetic/index.js';
import { efi, ageOn, shiftYears, type CodedCondition } from './frailty.js';
import { ltcConceptSets } from './ltc-concepts.js';

export interface PersonActivity {
  /** The person's id where the activity was read (a record person id, or a true person's id). */
  id: string;
  birthDate: string;
  sex: 'female' | 'male' | 'other' | 'unknown';
  deathDate: string | null;
  /** ODS code of the registered practice. */
  practice: string | null;
  /** Index of Multiple Deprivation decile of where they live (1 = most deprived), when known. */
  deprivationDecile: number | null;
  conditions: (CodedCondition & { onset: string | null })[];
  medications: { start: string | null; end: string | null }[];
  /** Hospital spells. */
  spells: { start: string; end: string | null; emergency: boolean; acute: boolean }[];
  aeAttendances: string[];
  outpatients: { date: string; attended: boolean }[];
  gpContacts: string[];
  communityContacts: string[];
  /** Adult social care events (Client Level Data), with the Service_Type and planned hours of services. */
  care: { type: 'Request' | 'Assessment' | 'Service' | 'Review'; start: string; end: string | null; serviceType: string | null; hoursPerWeek: number | null; carer: boolean }[];
  /** The council records that the person has an unpaid carer (a fact without a date: it counts from the person's first council event). */
  unpaidCarer: boolean;
}

/** The person's facts on the index date, in named counts: what the features and their explanations are made from. */
export interface Summary {
  age: number;
  sex: PersonActivity['sex'];
  deprivationDecile: number | null;
  ltcs: Set<string>;
  efiDeficits: Set<string>;
  emergency12: number;
  emergency24: number;
  elective12: number;
  bedDays12: number;
  dischargedWithin90: boolean;
  ae12: number;
  ae24: number;
  outpatients12: number;
  outpatients24: number;
  missedOutpatients12: number;
  gp12: number;
  gp24: number;
  community12: number;
  homeCare: boolean;
  homeCareHours: number;
  careHome: boolean;
  reablement12: boolean;
  careRequests12: number;
  unpaidCarer: boolean;
}

const ltcOfCode = new Map<string, string>();
for (const [key, set] of Object.entries(ltcConceptSets.conditions)) for (const code of set.codes) ltcOfCode.set(`${ltcConceptSets.system}|${code}`, key);

const day = (value: string): string => value.slice(0, 10);
const within = (date: string, from: string, to: string): boolean => {
  const d = day(date);
  return d >= from && d < to;
};
const daysBetween = (from: string, to: string): number => Math.round((Date.parse(day(to)) - Date.parse(day(from))) / 86_400_000);
const openOn = (start: string, end: string | null, on: string): boolean => day(start) < on && (end === null || day(end) >= on);

const residential = /^Long Term Support: (Residential|Nursing) Care/i;
const community = /^Long Term Support: Community/i;
const reablement = /^Short Term Support: ST-Max/i;

/** Whether the person belongs in the population on the index date: born before it and alive on it. */
export function eligible(a: PersonActivity, indexDate: string): boolean {
  return a.birthDate < indexDate && (a.deathDate === null || day(a.deathDate) >= indexDate);
}

/** 1 when an emergency admission to an acute hospital began in the 12 months from the index date. */
export function outcome(a: PersonActivity, indexDate: string): 0 | 1 {
  const to = shiftYears(indexDate, 1);
  return a.spells.some((s) => s.emergency && s.acute && within(s.start, indexDate, to)) ? 1 : 0;
}

export function summarise(a: PersonActivity, indexDate: string): Summary {
  const year = shiftYears(indexDate, -1);
  const twoYears = shiftYears(indexDate, -2);
  const conditions = a.conditions.filter((c) => c.onset === null || day(c.onset) < indexDate);
  const activeMedications = a.medications.filter((m) => (m.start === null || day(m.start) < indexDate) && (m.end === null || day(m.end) >= indexDate)).length;
  const ltcs = new Set<string>();
  for (const c of conditions) {
    const key = ltcOfCode.get(`${c.system}|${c.code}`);
    if (key !== undefined) ltcs.add(key);
  }
  const s: Summary = {
    age: ageOn(a.birthDate, indexDate),
    sex: a.sex,
    deprivationDecile: a.deprivationDecile,
    ltcs,
    efiDeficits: new Set(efi({ conditions, activeMedications }).deficits),
    emergency12: 0, emergency24: 0, elective12: 0, bedDays12: 0, dischargedWithin90: false,
    ae12: a.aeAttendances.filter((d) => within(d, year, indexDate)).length,
    ae24: a.aeAttendances.filter((d) => within(d, twoYears, year)).length,
    outpatients12: 0, outpatients24: 0, missedOutpatients12: 0,
    gp12: a.gpContacts.filter((d) => within(d, year, indexDate)).length,
    gp24: a.gpContacts.filter((d) => within(d, twoYears, year)).length,
    community12: a.communityContacts.filter((d) => within(d, year, indexDate)).length,
    homeCare: false, homeCareHours: 0, careHome: false, reablement12: false, careRequests12: 0,
    unpaidCarer: a.unpaidCarer && a.care.some((e) => !e.carer && day(e.start) < indexDate),
  };
  for (const spell of a.spells) {
    const start = day(spell.start);
    if (start >= indexDate || (spell.end !== null && day(spell.end) < twoYears)) continue;
    if (spell.emergency && start >= twoYears) {
      if (start >= year) s.emergency12++;
      else s.emergency24++;
    }
    if (!spell.emergency && start >= year) s.elective12++;
    // Bed days in the last 12 months: the nights of the spell that fall inside the window.
    const from = start < year ? year : start;
    const to = spell.end === null || day(spell.end) > indexDate ? indexDate : day(spell.end);
    if (to > from) s.bedDays12 += daysBetween(from, to);
    if (spell.end !== null && daysBetween(day(spell.end), indexDate) <= 90 && day(spell.end) < indexDate) s.dischargedWithin90 = true;
  }
  for (const o of a.outpatients) {
    if (o.attended && within(o.date, twoYears, year)) s.outpatients24++;
    if (!within(o.date, year, indexDate)) continue;
    if (o.attended) s.outpatients12++;
    else s.missedOutpatients12++;
  }
  for (const e of a.care) {
    if (e.carer) continue;
    if (e.type === 'Request' && within(e.start, year, indexDate)) s.careRequests12++;
    if (e.type !== 'Service' || e.serviceType === null) continue;
    if (reablement.test(e.serviceType) && day(e.start) < indexDate && (e.end === null || day(e.end) >= year)) s.reablement12 = true;
    if (!openOn(e.start, e.end, indexDate)) continue;
    if (residential.test(e.serviceType)) s.careHome = true;
    else if (community.test(e.serviceType)) {
      s.homeCare = true;
      s.homeCareHours += e.hoursPerWeek ?? 0;
    }
  }
  return s;
}

export interface Feature {
  key: string;
  /** What the explanation of a person's risk calls this feature's group. */
  group: string;
  value(s: Summary): number;
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
const hinge = (knot: number) => (s: Summary): number => Math.max(0, s.age - knot) / 10;
const cap = (n: number, most: number): number => Math.min(n, most);

/** The eFI deficits that are not themselves long-term conditions of ltc-concepts.ts (those enter as LTCs). */
const ownDeficits = [
  'activity limitation', 'falls', 'fragility fracture', 'housebound', 'mobility and transfer problems', 'polypharmacy',
  'requirement for care', 'skin ulcer', 'social vulnerability', 'urinary incontinence', 'weight loss and anorexia',
  'memory and cognitive problems', 'hypotension/syncope', 'dyspnoea',
] as const satisfies readonly (typeof efiDeficits)[number][];

/** Every feature, in the order of a model's coefficients. Version `featureSetVersion`; a change makes a new version. */
export const features: readonly Feature[] = [
  // Age: piecewise linear, knots where admission rates change slope (childhood, adulthood, old age).
  { key: 'age', group: 'age', value: (s) => s.age / 10 },
  ...[5, 18, 45, 65, 75, 85].map((k) => ({ key: `age_over_${k}`, group: 'age', value: hinge(k) })),
  { key: 'female', group: 'sex', value: (s) => (s.sex === 'female' ? 1 : 0) },
  { key: 'deprivation', group: 'deprivation', value: (s) => (s.deprivationDecile === null ? 0 : (10 - s.deprivationDecile) / 9) },
  { key: 'deprivation_unknown', group: 'deprivation', value: (s) => (s.deprivationDecile === null ? 1 : 0) },
  ...Object.keys(ltcConceptSets.conditions).map((key) => ({ key: `ltc_${key}`, group: `ltc_${key}`, value: (s: Summary) => (s.ltcs.has(key) ? 1 : 0) })),
  { key: 'ltc_count', group: 'ltc_count', value: (s) => cap(s.ltcs.size, 8) },
  { key: 'efi_deficits', group: 'efi', value: (s) => s.efiDeficits.size },
  ...ownDeficits.map((d) => ({ key: `efi_${d.replace(/[^a-z]+/g, '_')}`, group: `efi_${d}`, value: (s: Summary) => (s.efiDeficits.has(d) ? 1 : 0) })),
  { key: 'emergency_admissions_12m', group: 'emergency', value: (s) => cap(s.emergency12, 5) },
  { key: 'emergency_admissions_any_12m', group: 'emergency', value: (s) => (s.emergency12 > 0 ? 1 : 0) },
  { key: 'emergency_admissions_13_24m', group: 'emergency_before', value: (s) => cap(s.emergency24, 5) },
  { key: 'elective_admissions_12m', group: 'elective', value: (s) => cap(s.elective12, 3) },
  { key: 'bed_days_12m', group: 'bed_days', value: (s) => Math.log1p(s.bedDays12) },
  { key: 'discharged_last_90_days', group: 'recent_discharge', value: (s) => (s.dischargedWithin90 ? 1 : 0) },
  { key: 'ae_attendances_12m', group: 'ae', value: (s) => cap(s.ae12, 6) },
  { key: 'ae_attendances_13_24m', group: 'ae_before', value: (s) => cap(s.ae24, 6) },
  { key: 'outpatient_attendances_12m', group: 'outpatients', value: (s) => Math.log1p(s.outpatients12) },
  { key: 'outpatient_attendances_13_24m', group: 'outpatients_before', value: (s) => Math.log1p(s.outpatients24) },
  { key: 'outpatient_missed_12m', group: 'missed_outpatients', value: (s) => cap(s.missedOutpatients12, 3) },
  { key: 'gp_contacts_12m', group: 'gp', value: (s) => Math.log1p(s.gp12) },
  { key: 'gp_contacts_13_24m', group: 'gp_before', value: (s) => Math.log1p(s.gp24) },
  { key: 'community_contacts_12m', group: 'community', value: (s) => Math.log1p(s.community12) },
  { key: 'home_care', group: 'home_care', value: (s) => (s.homeCare ? 1 : 0) },
  { key: 'home_care_hours', group: 'home_care', value: (s) => Math.log1p(s.homeCareHours) },
  { key: 'care_home', group: 'care_home', value: (s) => (s.careHome ? 1 : 0) },
  { key: 'reablement_12m', group: 'reablement', value: (s) => (s.reablement12 ? 1 : 0) },
  { key: 'care_requests_12m', group: 'care_requests', value: (s) => cap(s.careRequests12, 3) },
  { key: 'unpaid_carer', group: 'unpaid_carer', value: (s) => (s.unpaidCarer ? 1 : 0) },
];

export const featureSetVersion = `joinedup-emergency-admission-2026-12+${ltcConceptSets.version}`;

/** Writes the person's features into `out` from `at` (features.length numbers). */
export function featureRow(s: Summary, out: Float64Array, at = 0): void {
  for (let j = 0; j < features.length; j++) out[at + j] = (features[j] as Feature).value(s);
}

/** Words for one group of features, for "why is this person on the list". */
export function describeGroup(group: string, s: Summary): string {
  if (group.startsWith('ltc_') && group !== 'ltc_count') return ltcConceptSets.conditions[group.slice(4)]?.label ?? group;
  if (group.startsWith('efi_')) return `Frailty: ${group.slice(4)}`;
  switch (group) {
    case 'age': return `Aged ${s.age}`;
    case 'sex': return s.sex === 'unknown' ? 'Sex not known' : `${s.sex.charAt(0).toUpperCase()}${s.sex.slice(1)}`;
    case 'deprivation': return s.deprivationDecile === null ? 'Deprivation not known' : `Lives in deprivation decile ${s.deprivationDecile}`;
    case 'ltc_count': return plural(s.ltcs.size, 'long-term condition');
    case 'efi': return `${plural(s.efiDeficits.size, 'frailty deficit')} (eFI ${(s.efiDeficits.size / efiDeficits.length).toFixed(2)})`;
    case 'emergency': return `${plural(s.emergency12, 'emergency admission')} in the last 12 months`;
    case 'emergency_before': return `${plural(s.emergency24, 'emergency admission')} 12–24 months ago`;
    case 'elective': return `${plural(s.elective12, 'planned admission')} in the last 12 months`;
    case 'bed_days': return `${plural(s.bedDays12, 'day')} in hospital in the last 12 months`;
    case 'recent_discharge': return 'Left hospital in the last 90 days';
    case 'ae': return `${plural(s.ae12, 'A&E attendance')} in the last 12 months`;
    case 'ae_before': return `${plural(s.ae24, 'A&E attendance')} 12–24 months ago`;
    case 'outpatients_before': return `${plural(s.outpatients24, 'outpatient appointment')} 12–24 months ago`;
    case 'gp_before': return `${plural(s.gp24, 'GP contact')} 12–24 months ago`;
    case 'outpatients': return `${plural(s.outpatients12, 'outpatient appointment')} in the last 12 months`;
    case 'missed_outpatients': return `${plural(s.missedOutpatients12, 'missed outpatient appointment')} in the last 12 months`;
    case 'gp': return `${plural(s.gp12, 'GP contact')} in the last 12 months`;
    case 'community': return `${plural(s.community12, 'community nursing or therapy contact')} in the last 12 months`;
    case 'home_care': return s.homeCare ? `Home care, ${s.homeCareHours} hours a week` : 'No home care';
    case 'care_home': return s.careHome ? 'Lives in a care home' : 'Not in a care home';
    case 'reablement': return 'Reablement in the last 12 months';
    case 'care_requests': return `${plural(s.careRequests12, 'request')} for social care in the last 12 months`;
    case 'unpaid_carer': return s.unpaidCarer ? 'Has an unpaid carer' : 'No unpaid carer recorded';
    default: return group;
  }
}

/** The person's subgroup under each grouping of the report (DOMAIN.md §9: age, sex, deprivation). */
export function subgroupsOf(s: Summary): { age: string; sex: string; deprivation: string } {
  const age = s.age < 18 ? '0-17' : s.age < 45 ? '18-44' : s.age < 65 ? '45-64' : s.age < 75 ? '65-74' : s.age < 85 ? '75-84' : '85+';
  const quintile = s.deprivationDecile === null ? 'unknown' : `quintile ${Math.ceil(s.deprivationDecile / 2)}`;
  return { age, sex: s.sex, deprivation: quintile };
}
