/**
 * The calibration report: what the generated place looks like, computed from the generated records
 * themselves (not from the generator's parameters), beside each target of DOMAIN.md §11 with a stated
 * tolerance. Shards add to a `CalibrationTally` of plain sums, which merge by addition, so the report
 * is the same however the work was split.
 */
import { dayNumber, isoDate } from './calendar.js';
import { efiBand, polypharmacyDeficit } from './frailty.js';
import type { History, Person, SourceIdentity, SourceSystem } from './model.js';
import { conditionDefinition, conditionList, efiDeficits, prevalenceBand } from './reference/conditions.js';
import { serviceTypes } from './reference/social-care.js';

const riskBins = 400;
const logitMin = -12;
const logitMax = 4;
const bandLabels = ['0-17', '18-44', '45-64', '65-74', '75-84', '85+'] as const;
const sources: readonly SourceSystem[] = ['gp', 'hospital', 'community', 'council'];

/** Sums that shards add up. Every field is a number or an array of numbers. */
export interface CalibrationTally {
  [name: string]: number | number[];
}

function emptyTally(practices: number, careHomes: number): CalibrationTally {
  return {
    careHomeResidents: Array.from({ length: careHomes }, () => 0),
    practiceLists: Array.from({ length: practices }, () => 0),
    people: 0, older: 0, olderYears: 0, oldestYears: 0, olderDeaths: 0, oldestDeaths: 0,
    olderEmergency: 0, olderCareHomeAdmissions: 0, reablement: 0, reablementHome: 0,
    pathway: [0, 0, 0, 0], bedDays: 0, delayedBedDays: 0, efi: [0, 0, 0, 0],
    olderAliveMid: 0, olderLongTermMid: 0, withLongTerm: 0, adults: 0, carers: 0,
    gpConsultations: 0, gpConsultationsLtc: 0, bedDaysLtc: 0, emergencyAdmissions: 0, events: 0,
    bandPeople: bandLabels.map(() => 0), prevalence: conditionList.flatMap(() => bandLabels.map(() => 0)),
    sourceRecords: sources.map(() => 0), sourceNhsPresent: sources.map(() => 0), sourceNhsWrong: sources.map(() => 0),
    riskCount: Array.from({ length: riskBins }, () => 0), riskSumP: Array.from({ length: riskBins }, () => 0),
    riskSumY: Array.from({ length: riskBins }, () => 0), riskSumVar: Array.from({ length: riskBins }, () => 0),
  };
}

/** Adds one tally into another. */
export function mergeTally(into: CalibrationTally, from: CalibrationTally): CalibrationTally {
  for (const [key, value] of Object.entries(from)) {
    const current = into[key];
    if (typeof value === 'number') into[key] = (typeof current === 'number' ? current : 0) + value;
    else into[key] = value.map((v, i) => v + (Array.isArray(current) ? current[i] ?? 0 : 0));
  }
  return into;
}

export class CalibrationCounter {
  readonly tally: CalibrationTally;
  private readonly start: number;
  private readonly end: number;
  private readonly middle: number;
  private readonly startIso: string;
  private readonly middleIso: string;

  constructor(
    period: { start: string; end: string },
    private readonly practiceCodes: readonly string[],
    private readonly careHomeCodes: readonly string[],
  ) {
    this.tally = emptyTally(practiceCodes.length, careHomeCodes.length);
    this.start = dayNumber(period.start);
    this.end = dayNumber(period.end);
    this.middle = Math.floor((this.start + this.end) / 2);
    this.startIso = isoDate(this.start);
    this.middleIso = isoDate(this.middle);
  }

  private add(name: string, by = 1, index?: number): void {
    const value = this.tally[name];
    if (Array.isArray(value) && index !== undefined) value[index] = (value[index] ?? 0) + by;
    else if (typeof value === 'number') this.tally[name] = value + by;
  }

  /** Counts one person and everything that happened to them. */
  addPerson(person: Person, history: History, isCarer: boolean): void {
    const born = dayNumber(person.dateOfBirth);
    const death = person.dateOfDeath ? dayNumber(person.dateOfDeath) : undefined;
    const ageAt = (day: number): number => (day - born) / 365.25;
    const startAge = ageAt(this.start);
    const alive = Math.min(this.end, death ?? this.end);
    const turns = (age: number): number => born + Math.round(age * 365.25);
    this.add('people');
    this.add('practiceLists', 1, this.practiceCodes.indexOf(person.practice));
    this.add('bandPeople', 1, prevalenceBand(startAge));
    if (startAge >= 18) this.add('adults');
    if (startAge >= 18 && isCarer) this.add('carers');
    if (startAge >= 65) this.add('older');
    this.add('olderYears', Math.max(0, alive - Math.max(this.start, turns(65))) / 365.25);
    this.add('oldestYears', Math.max(0, alive - Math.max(this.start, turns(85))) / 365.25);
    if (death !== undefined && death < this.end && ageAt(death) >= 65) this.add('olderDeaths');
    if (death !== undefined && death < this.end && ageAt(death) >= 85) this.add('oldestDeaths');

    // Conditions and eFI at the start, from the coded record.
    const startIso = this.startIso;
    const deficits = new Set<string>();
    let longTerm = false;
    const seen = new Set<string>();
    for (const c of history.conditions) {
      if (c.onset > startIso) continue;
      const def = conditionDefinition(c.condition);
      if (def.efiDeficit) deficits.add(def.efiDeficit);
      if (def.longTerm) longTerm = true;
      if (!seen.has(c.condition)) {
        seen.add(c.condition);
        this.add('prevalence', 1, conditionList.indexOf(def) * bandLabels.length + prevalenceBand(startAge));
      }
    }
    const activeMeds = history.medications.filter((m) => m.start <= startIso && (m.end === undefined || m.end > startIso)).length;
    if (activeMeds >= 5) deficits.add(efiDeficits[polypharmacyDeficit] ?? 'polypharmacy');
    if (startAge >= 65) this.add('efi', 1, ['fit', 'mild', 'moderate', 'severe'].indexOf(efiBand(deficits.size)));
    if (longTerm) this.add('withLongTerm');
    this.add('gpConsultations', history.gpConsultations.length);
    if (longTerm) this.add('gpConsultationsLtc', history.gpConsultations.length);
    this.add('events', history.gpConsultations.length + history.aeAttendances.length + history.spells.length + history.outpatients.length + history.communityContacts.length + history.careEvents.length);

    // Hospital: emergency admissions, pathways, bed days and delays.
    for (const spell of history.spells) {
      const admitted = dayNumber(spell.admissionDate);
      const left = spell.dischargeDate ? dayNumber(spell.dischargeDate) : this.end;
      const days = Math.max(0, left - admitted);
      if (spell.site === 'acute' && startAge >= 18) {
        this.add('bedDays', days);
        if (longTerm) this.add('bedDaysLtc', days);
        if (spell.dischargeReadyDate) this.add('delayedBedDays', Math.max(0, left - dayNumber(spell.dischargeReadyDate)));
      }
      const emergency = spell.site === 'acute' && (spell.admissionMethod === '21' || spell.admissionMethod === '22');
      if (emergency) this.add('emergencyAdmissions');
      if (emergency && ageAt(admitted) >= 65) {
        this.add('olderEmergency');
        if (spell.pathway !== undefined) this.add('pathway', 1, spell.pathway);
      }
    }

    // Social care: care home admissions, long-term support, reablement and 91 days on.
    const services = history.careEvents.filter((e) => e.type === 'Service' && e.clientType === 'Service User');
    for (const s of services) {
      const begun = dayNumber(s.start);
      if ((s.serviceType === serviceTypes.residential || s.serviceType === serviceTypes.nursing) && begun >= this.start && ageAt(begun) >= 65) this.add('olderCareHomeAdmissions');
    }
    const aliveMid = death === undefined || death > this.middle;
    const homeMid = aliveMid ? [...person.addresses].reverse().find((a) => a.from <= this.middleIso)?.address.careHome : undefined;
    if (homeMid) this.add('careHomeResidents', 1, this.careHomeCodes.indexOf(homeMid));
    if (ageAt(this.middle) >= 65 && aliveMid) {
      this.add('olderAliveMid');
      const open = services.some((s) => s.serviceType !== serviceTypes.stMax && s.start <= this.middleIso && (s.end === undefined || s.end > this.middleIso));
      if (open) this.add('olderLongTermMid');
    }
    for (const s of services) {
      if (s.serviceType !== serviceTypes.stMax) continue;
      const begun = dayNumber(s.start);
      const discharge = history.spells.find((sp) => sp.dischargeDate && sp.dischargeDestination === '19' && begun - dayNumber(sp.dischargeDate) >= 0 && begun - dayNumber(sp.dischargeDate) <= 3);
      if (!discharge?.dischargeDate || ageAt(begun) < 65) continue;
      const check = dayNumber(discharge.dischargeDate) + 91;
      if (check >= this.end) continue;
      this.add('reablement');
      const dead = death !== undefined && death <= check;
      const inHospital = history.spells.some((sp) => dayNumber(sp.admissionDate) <= check && (!sp.dischargeDate || dayNumber(sp.dischargeDate) > check));
      const address = [...person.addresses].reverse().find((a) => dayNumber(a.from) <= check);
      if (!dead && !inHospital && !address?.address.careHome) this.add('reablementHome');
    }

    // The oracle against what happened.
    for (const year of history.risk) {
      const p = Math.min(Math.max(year.probability, 1e-12), 1 - 1e-12);
      const bin = Math.min(riskBins - 1, Math.max(0, Math.floor(((Math.log(p / (1 - p)) - logitMin) / (logitMax - logitMin)) * riskBins)));
      this.add('riskCount', 1, bin);
      this.add('riskSumP', p, bin);
      this.add('riskSumY', year.emergencyAdmissions > 0 ? 1 : 0, bin);
      this.add('riskSumVar', p * (1 - p), bin);
    }
  }

  /** Counts one source record's NHS number against the truth. */
  addSourceRecord(identity: SourceIdentity, trueNhsNumber: string): void {
    const s = sources.indexOf(identity.source);
    this.add('sourceRecords', 1, s);
    if (identity.nhsNumber) this.add('sourceNhsPresent', 1, s);
    if (identity.nhsNumber && identity.nhsNumber !== trueNhsNumber) this.add('sourceNhsWrong', 1, s);
  }
}


export interface CalibrationCheck {
  readonly name: string;
  readonly value: number;
  readonly target: string;
  /** The range the value must lie in for the check to pass. */
  readonly accept: readonly [number, number];
  readonly pass: boolean;
  readonly note?: string;
}

export interface CalibrationReport {
  readonly people: number;
  readonly checks: readonly CalibrationCheck[];
  readonly riskDeciles: readonly { decile: number; people: number; meanProbability: number; observedRate: number; z: number }[];
  readonly oracleAuroc: number;
  readonly prevalence: readonly { condition: string; band: string; people: number; value: number; target: number }[];
  readonly sources: readonly { source: SourceSystem; records: number; nhsNumberPresent: number; nhsNumberWrong: number }[];
  readonly counts: { readonly emergencyAdmissions: number; readonly events: number };
}

const num = (t: CalibrationTally, k: string): number => (typeof t[k] === 'number' ? t[k] : 0);
const arr = (t: CalibrationTally, k: string): number[] => (Array.isArray(t[k]) ? t[k] : []);
const ratio = (a: number, b: number): number => (b > 0 ? a / b : 0);
const round = (x: number, digits = 4): number => Number(x.toFixed(digits));

function check(name: string, value: number, target: string, accept: readonly [number, number], note?: string): CalibrationCheck {
  return { name, value: round(value), target, accept, pass: value >= accept[0] && value <= accept[1], ...(note ? { note } : {}) };
}

/** The report from a merged tally. `olderShare` and `nhsMissing` are the asked-for figures. */
export function calibrationReport(t: CalibrationTally, asked: { olderShare: number; nhsMissing: Record<SourceSystem, number>; careHomeBeds: readonly number[] }): CalibrationReport {
  const olderYears = num(t, 'olderYears');
  const pathways = arr(t, 'pathway');
  const pathwayTotal = pathways.reduce((a, b) => a + b, 0);
  const efi = arr(t, 'efi');
  const efiTotal = efi.reduce((a, b) => a + b, 0);
  const present = arr(t, 'sourceNhsPresent');
  const records = arr(t, 'sourceRecords');
  const checks: CalibrationCheck[] = [
    check('share of population aged 65+', ratio(num(t, 'older'), num(t, 'people')), `${asked.olderShare} (asked for; DOMAIN.md: England 0.19, older coastal 0.27)`, [asked.olderShare - 0.01, asked.olderShare + 0.01]),
    check('emergency admissions per 100,000 aged 65+ a year', ratio(num(t, 'olderEmergency'), olderYears) * 100_000, '18,000–28,000', [18_000, 28_000]),
    check('council-funded long-term care home admissions per 100,000 aged 65+ a year', ratio(num(t, 'olderCareHomeAdmissions'), olderYears) * 100_000, '400–700', [400, 700]),
    check('still at home 91 days after discharge into reablement (65+)', ratio(num(t, 'reablementHome'), num(t, 'reablement')), '0.80–0.83', [0.78, 0.85], 'tolerance widened by 2 points for sampling error at 50,000 people'),
    ...[0.5, 0.45, 0.04, 0.01].map((target, p) =>
      check(`discharge pathway ${p} share (65+, emergency)`, ratio(pathways[p] ?? 0, pathwayTotal), `≈ ${target}`, [Math.max(0, target - (p < 2 ? 0.05 : target / 2)), target + (p < 2 ? 0.05 : target / 2)])),
    check('share of adult acute bed days after the discharge ready date', ratio(num(t, 'delayedBedDays'), num(t, 'bedDays')), '≈ 0.125 (1 in 8 beds)', [0.09, 0.16]),
    ...[0.5, 0.35, 0.12, 0.03].map((target, b) =>
      check(`eFI ${['fit', 'mild', 'moderate', 'severe'][b] ?? ''} share (65+)`, ratio(efi[b] ?? 0, efiTotal), `≈ ${target}`, [Math.max(0, target - (b < 2 ? 0.06 : b === 2 ? 0.04 : 0.02)), target + (b < 2 ? 0.06 : b === 2 ? 0.04 : 0.02)])),
    check('people 65+ with long-term support from the council', ratio(num(t, 'olderLongTermMid'), num(t, 'olderAliveMid')), '≈ 0.05', [0.035, 0.065]),
    check('deaths a year, aged 65+', ratio(num(t, 'olderDeaths'), olderYears), '0.04–0.05', [0.035, 0.055]),
    check('deaths a year, aged 85+', ratio(num(t, 'oldestDeaths'), num(t, 'oldestYears')), '≈ 0.15', [0.11, 0.19]),
    check('people with a long-term condition', ratio(num(t, 'withLongTerm'), num(t, 'people')), '≈ 1/3', [0.28, 0.4]),
    check('GP consultations by people with a long-term condition', ratio(num(t, 'gpConsultationsLtc'), num(t, 'gpConsultations')), '> 0.5', [0.5, 1]),
    check('adult acute bed days of people with a long-term condition', ratio(num(t, 'bedDaysLtc'), num(t, 'bedDays')), '> 0.7', [0.7, 1]),
    check('adults who are unpaid carers', ratio(num(t, 'carers'), num(t, 'adults')), '≈ 0.10', [0.07, 0.13]),
    ...sources.map((source, s) => {
      const value = ratio(present[s] ?? 0, records[s] ?? 0);
      const expected = 1 - asked.nhsMissing[source];
      return check(`NHS number present in ${source} records`, value, source === 'council' ? `${expected} asked for (DOMAIN.md: 0.90–0.95)` : `${expected} asked for`, [expected - 0.02, Math.min(1, expected + 0.02)]);
    }),
  ];

  const lists = arr(t, 'practiceLists');
  const smallestList = Math.min(3_000, num(t, 'people'));
  checks.push(
    check('smallest GP practice list', Math.min(...lists), '3,000–15,000', [smallestList, 15_000]),
    check('largest GP practice list', Math.max(...lists), '3,000–15,000', [smallestList, 15_000]),
  );
  const residents = arr(t, 'careHomeResidents');
  const beds = asked.careHomeBeds;
  const occupied = residents.reduce((a, b) => a + b, 0);
  checks.push(check('care home beds occupied halfway through the period', ratio(occupied, beds.reduce((a, b) => a + b, 0)), '≈ 0.85–0.90 (homes in England run about that full)', [0.75, 1],
    `wide: 50,000 people have about 15 care homes, and a few dozen moves more or less swing it; fullest home ${round(Math.max(0, ...residents.map((r, i) => ratio(r, beds[i] ?? 0))), 2)} (a home's own beds are not enforced: people choose homes in proportion to their beds)`));
  const count = arr(t, 'riskCount');
  const sumP = arr(t, 'riskSumP');
  const sumY = arr(t, 'riskSumY');
  const sumVar = arr(t, 'riskSumVar');
  const total = count.reduce((a, b) => a + b, 0);
  const riskDeciles: { decile: number; people: number; meanProbability: number; observedRate: number; z: number }[] = [];
  let bin = 0;
  let cumulative = 0;
  for (let d = 1; d <= 10; d++) {
    let n = 0;
    let p = 0;
    let y = 0;
    let v = 0;
    while (bin < riskBins && (cumulative < (total * d) / 10 || d === 10)) {
      n += count[bin] ?? 0;
      p += sumP[bin] ?? 0;
      y += sumY[bin] ?? 0;
      v += sumVar[bin] ?? 0;
      cumulative += count[bin] ?? 0;
      bin++;
    }
    if (n > 0) riskDeciles.push({ decile: d, people: n, meanProbability: round(p / n), observedRate: round(y / n), z: round(v > 0 ? (y - p) / Math.sqrt(v) : 0, 2) });
  }
  const decileWorst = riskDeciles.reduce((m, r) => Math.max(m, Math.abs(r.z)), 0);
  checks.push(check('risk deciles: largest |observed − expected| in standard errors', decileWorst, '< 3.5 (the latent risk means what it says)', [0, 3.5]));

  // AUROC of the oracle, treating people in one bin as tied (Mann–Whitney).
  let negativesBelow = 0;
  let concordant = 0;
  const positives = sumY.reduce((a, b) => a + b, 0);
  for (let b = 0; b < riskBins; b++) {
    const pos = sumY[b] ?? 0;
    const neg = (count[b] ?? 0) - pos;
    concordant += pos * (negativesBelow + neg / 2);
    negativesBelow += neg;
  }
  const oracleAuroc = round(ratio(concordant, positives * negativesBelow));

  const bandPeople = arr(t, 'bandPeople');
  const prevalence = arr(t, 'prevalence');
  // Registers only (the findings are tuned for the eFI split), in bands with enough people to judge.
  let worst = 0;
  conditionList.forEach((c, ci) => {
    if (!c.longTerm) return;
    c.prevalence.forEach((target, b) => {
      const people = bandPeople[b] ?? 0;
      if (people < 1_000) return;
      const value = ratio(prevalence[ci * bandLabels.length + b] ?? 0, people);
      worst = Math.max(worst, Math.abs(value - target) / (0.01 + 0.25 * target + 2 * Math.sqrt((target * (1 - target)) / people)));
    });
  });
  checks.push(check('condition prevalence by age band: largest miss as a share of its tolerance', worst, '≤ 1 (tolerance 0.01 + 25% of the target + 2 standard errors)', [0, 1]));
  return {
    people: num(t, 'people'),
    checks,
    riskDeciles,
    oracleAuroc,
    prevalence: conditionList.flatMap((c, ci) => bandLabels.map((band, b) => ({
      condition: c.key, band, people: bandPeople[b] ?? 0, value: round(ratio(prevalence[ci * bandLabels.length + b] ?? 0, bandPeople[b] ?? 0)), target: c.prevalence[b] ?? 0,
    }))),
    sources: sources.map((source, s) => ({ source, records: records[s] ?? 0, nhsNumberPresent: round(ratio(present[s] ?? 0, records[s] ?? 0)), nhsNumberWrong: round(ratio(arr(t, 'sourceNhsWrong')[s] ?? 0, present[s] ?? 0)) })),
    counts: { emergencyAdmissions: num(t, 'emergencyAdmissions'), events: num(t, 'events') },
  };
}

