/**
 * One person's years in the place: conditions and medicines, the yearly latent risk and its oracle,
 * emergency and planned hospital care with discharge (ready date, delay, pathway), A&E, outpatients,
 * GP consultations, community nursing, and the council's part through `SocialCare`. Everything is
 * drawn from the person's own random stream, so a person's life never depends on anyone else's.
 */
import { isoDate } from './calendar.js';
import { SocialCare } from './social-care.js';
import { admissionRate, deathRate, innovationSd, riskOnTheDay, shockCorrelation, shockSd } from './hazards.js';
import { conditionChance, conditionDeficit, polypharmacyDeficit } from './frailty.js';
import { opaqueId } from './ids.js';
import type {
  AeAttendance, CommunityContact, DelayReason, DischargePathway, GpConsultation, HospitalSpell, OutpatientAppointment, RiskYear,
} from './model.js';
import type { Place } from './place.js';
import type { Resident } from './population.js';
import { Random, cumulative } from './random.js';
import { conditionList } from './reference/conditions.js';
import {
  electiveDiagnoses, emergencyDiagnoses, frailDiagnosisWeights, minorDiagnoses, olderOutpatientWeights, outpatientSpecialties,
  youngerDiagnosisWeights, youngerOutpatientWeights,
} from './reference/diagnoses.js';

export interface LifeContext {
  readonly seed: number;
  readonly start: number;
  readonly end: number;
  /** Day numbers of each year's start, then the end of the period. */
  readonly yearStarts: readonly number[];
  readonly place: Place;
}

/** Keys that keep each kind of identifier apart (see ids.ts). */
const idKeys = { spell: 1, ae: 2, outpatient: 3, gp: 4, community: 5, care: 6 } as const;

const conditionIndex = new Map(conditionList.map((c, i) => [c.key, i]));
const ci = (key: string): number => conditionIndex.get(key) ?? -1;
const electiveWeights = cumulative(electiveDiagnoses.map((d) => d.weight));
const delayReasons: Record<DischargePathway, { reasons: readonly DelayReason[]; weights: Float64Array; none: number; mean: number }> = {
  0: { reasons: ['G', 'A', 'F'], weights: cumulative([0.5, 0.3, 0.2]), none: 0.9, mean: 1 },
  1: { reasons: ['E', 'A', 'F', 'G', 'B'], weights: cumulative([0.55, 0.25, 0.08, 0.07, 0.05]), none: 0.3, mean: 3.5 },
  2: { reasons: ['C', 'A', 'G', 'E'], weights: cumulative([0.6, 0.2, 0.1, 0.1]), none: 0.15, mean: 6 },
  3: { reasons: ['D(i)', 'D(ii)', 'A', 'B', 'G'], weights: cumulative([0.4, 0.3, 0.15, 0.1, 0.05]), none: 0.08, mean: 10 },
};

/** What one life produced, with day numbers still attached where later steps need them. */
export interface Life {
  readonly resident: Resident;
  readonly frailty: number;
  death?: number;
  readonly onsets: Int32Array;
  readonly medications: Map<string, { start: number; end?: number }>;
  readonly gpConsultations: GpConsultation[];
  readonly aeAttendances: AeAttendance[];
  readonly spells: HospitalSpell[];
  readonly outpatients: OutpatientAppointment[];
  readonly communityContacts: CommunityContact[];
  readonly risk: RiskYear[];
  readonly socialCare: SocialCare;
  /** eFI deficits at the start of the period. */
  efiAtStart: number;
}

const noOnset = -1_000_000;

/**
 * How strongly latent frailty and the year's shock show in routine care: frailer people, and people
 * in a bad year, see their GP, go to outpatients and to A&E more (each factor has mean 1 over the
 * population, so the volumes of care stay where DOMAIN.md §11 puts them).
 */
const gpFrailty = 1.0;
const gpShock = 1.0;
const gpMean = Math.exp(-(gpFrailty ** 2 + (gpShock * shockSd) ** 2) / 2);
const outpatientFrailty = 0.5;
const aeShock = 0.5;
const aeMean = Math.exp(-((aeShock * shockSd) ** 2) / 2);
const outpatientMean = Math.exp(-(outpatientFrailty ** 2) / 2);

/** Simulates one resident's life over the period. */
export function simulateLife(ctx: LifeContext, resident: Resident): Life {
  const r = Random.stream(ctx.seed, 'life', resident.index);
  const decile = ctx.place.neighbourhoods[resident.neighbourhood]?.deprivationDecile ?? 5;
  const z = resident.careHomeAtStart ? 0.6 + Math.abs(r.normal()) * 0.9 : r.normal();
  const ageAt = (day: number): number => (day - resident.born) / 365.25;
  const thresholds = Float64Array.from(conditionList, () => r.float());
  const onsets = new Int32Array(conditionList.length).fill(noOnset);
  const medications = new Map<string, { start: number; end?: number }>();
  const seq = { spell: 0, ae: 0, outpatient: 0, gp: 0, community: 0 };
  const id = (kind: keyof typeof seq): string => opaqueId(kind === 'spell' ? 'SP' : kind === 'ae' ? 'AE' : kind === 'outpatient' ? 'OP' : kind === 'gp' ? 'GC' : 'CC', idKeys[kind], resident.index, seq[kind]++);

  const life: Life = {
    resident, frailty: z, onsets, medications, gpConsultations: [], aeAttendances: [], spells: [], outpatients: [], communityContacts: [], risk: [],
    socialCare: new SocialCare(ctx, resident, r), efiAtStart: 0,
  };
  const care = life.socialCare;

  const startCondition = (c: number, day: number): void => {
    if (c < 0 || onsets[c] !== noOnset) return;
    onsets[c] = day;
    const meds = conditionList[c]?.medications ?? [];
    meds.forEach((m, i) => {
      if (!medications.has(m) && r.chance(i === 0 ? 0.8 : 0.5)) medications.set(m, { start: Math.max(day, day + r.int(0, 60)) });
    });
  };
  const has = (key: string, day: number): boolean => {
    const onset = onsets[ci(key)] ?? noOnset;
    return onset !== noOnset && onset <= day;
  };
  const deficitsOn = (day: number): number => {
    let mask = 0;
    let extra = 0;
    for (let c = 0; c < onsets.length; c++) {
      const d = conditionDeficit[c] ?? -1;
      if (d >= 0 && (onsets[c] ?? noOnset) !== noOnset && (onsets[c] ?? 0) <= day) {
        if (d < 30) mask |= 1 << d;
        else extra |= 1 << (d - 30);
      }
    }
    let active = 0;
    for (const m of medications.values()) if (m.start <= day && (m.end === undefined || m.end > day)) active++;
    if (active >= 5) {
      if (polypharmacyDeficit < 30) mask |= 1 << polypharmacyDeficit;
      else extra |= 1 << (polypharmacyDeficit - 30);
    }
    return popcount(mask) + popcount(extra);
  };

  // Conditions present at the start began some time before it.
  const startAge = ageAt(ctx.start);
  for (let c = 0; c < conditionList.length; c++) {
    if ((thresholds[c] ?? 1) < conditionChance(c, startAge, z)) {
      const span = Math.min(15 * 365, Math.floor((ctx.start - resident.born) * 0.7));
      startCondition(c, ctx.start - 1 - r.int(0, Math.max(0, span)));
    }
  }
  life.efiAtStart = deficitsOn(ctx.start);
  care.atStart(life.efiAtStart, has('dementia', ctx.start), has('disability', ctx.start));

  let busyUntil = ctx.start - 1;
  let shock = 0;
  for (let y = 0; y + 1 < ctx.yearStarts.length; y++) {
    const ys = ctx.yearStarts[y] ?? ctx.start;
    const ye = ctx.yearStarts[y + 1] ?? ctx.end;
    if (life.death !== undefined && life.death < ys) break;
    const endAge = ageAt(ye);
    for (let c = 0; c < conditionList.length; c++) {
      if (onsets[c] === noOnset && (thresholds[c] ?? 1) < conditionChance(c, endAge, z)) startCondition(c, ys + r.int(0, ye - ys - 1));
    }
    const deficits = deficitsOn(ys);
    const inCareHome = care.inCareHome(ys);
    const carried = y === 0 ? 0 : shockCorrelation * shock;
    shock = carried + r.normal(0, innovationSd(y === 0));
    const factors = { age: ageAt(ys), frailty: z, shock, deficits, inCareHome, deprivationDecile: decile };
    const lambda = admissionRate(factors);
    const mu = deathRate(factors);
    if (life.death === undefined) {
      const t = ys + (-Math.log(1 - r.float()) / mu) * 365.25;
      if (t < ye) life.death = Math.floor(t);
    }
    const alive = Math.min(ye, life.death ?? ye);
    // Arrivals while still in hospital from before the year are not admissions (the loop below).
    const blockedUntil = busyUntil;
    const arrivals: number[] = [];
    for (let t = ys + (-Math.log(1 - r.float()) / lambda) * 365.25; t < alive; t += (-Math.log(1 - r.float()) / lambda) * 365.25) arrivals.push(Math.floor(t));

    routineCare(ys, alive, deficits, inCareHome, shock);
    const before = life.spells.length;
    for (const day of arrivals) {
      if (day <= busyUntil) continue;
      busyUntil = emergencyAdmission(day);
    }
    const elective = Math.max(0, r.poisson(electiveRate(ageAt(ys)) * ((alive - ys) / 365.25)));
    for (let i = 0; i < elective; i++) {
      const day = ys + r.int(0, Math.max(0, alive - ys - 1));
      if (day > busyUntil) busyUntil = Math.max(busyUntil, electiveAdmission(day));
    }
    care.communityRequests(ys, alive, deficits, (day) => day <= busyUntil);
    care.settle(ye, life.death);
    const admissions = life.spells.slice(before).filter((s) => s.site === 'acute' && (s.admissionMethod === '21' || s.admissionMethod === '22') && s.admissionDate < isoDate(ye)).length;
    const probability = riskOnTheDay(factors, carried, innovationSd(y === 0), (blockedUntil + 1 - ys) / 365.25);
    life.risk.push({ yearStart: isoDate(ys), age: Math.floor(ageAt(ys)), probability, emergencyAdmissions: admissions, efiDeficits: deficits, inCareHome });
  }
  if (life.death !== undefined) for (const m of medications.values()) if (m.end === undefined && m.start <= life.death) m.end = life.death;
  return life;

  function routineCare(ys: number, alive: number, deficits: number, inCareHome: boolean, shock: number): void {
    const age = ageAt(ys);
    const years = (alive - ys) / 365.25;
    if (years <= 0) return;
    const day = (): number => ys + r.int(0, Math.max(0, alive - ys - 1));
    const housebound = inCareHome || has('housebound', ys);
    const gp = r.poisson((1.4 + 0.5 * deficits + 0.02 * Math.max(0, age - 30) + (age < 5 ? 2 : 0)) * Math.exp(gpFrailty * z + gpShock * shock) * gpMean * years);
    const consultations: GpConsultation[] = [];
    for (let i = 0; i < gp; i++) {
      const mode = housebound && r.chance(0.4) ? 'home visit' : r.chance(0.38) ? 'telephone' : r.chance(0.97) ? 'surgery' : 'home visit';
      consultations.push({ id: id('gp'), date: isoDate(day()), mode });
    }
    consultations.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    life.gpConsultations.push(...consultations);
    const minor = r.poisson((age < 18 ? 0.25 : 0.18) * Math.exp(0.3 * z + aeShock * shock) * aeMean * years);
    for (let i = 0; i < minor; i++) life.aeAttendances.push({ id: id('ae'), arrival: isoDate(day()), admitted: false, diagnosis: r.pick(minorDiagnoses) });
    const outpatient = r.poisson((age < 18 ? 0.3 : age < 65 ? 0.8 : 1.6) * Math.exp(0.05 * Math.min(deficits, 15) + outpatientFrailty * z) * outpatientMean * years);
    for (let i = 0; i < outpatient; i++) {
      const specialty = outpatientSpecialties[r.weightedIndex(age < 65 ? youngerOutpatientWeights : olderOutpatientWeights)]?.code ?? '300';
      life.outpatients.push({ id: id('outpatient'), date: isoDate(day()), specialty, attended: r.chance(0.92) });
    }
    const nursing = inCareHome ? 4 : housebound || has('skin-ulcer', ys) || deficits >= 13 ? 12 : 0;
    const visits = r.poisson(nursing * years);
    for (let i = 0; i < visits; i++) life.communityContacts.push({ id: id('community'), date: isoDate(day()), service: 'District nursing', setting: inCareHome ? 'care home' : 'home' });
  }

  /** An emergency admission on `day`; returns the day the person left hospital (or died). */
  function emergencyAdmission(day: number): number {
    care.settle(day, life.death);
    care.admittedToHospital(day);
    const age = ageAt(day);
    const deficits = deficitsOn(day);
    const frail = age >= 65 && (deficits >= 9 || r.chance(0.45));
    let diagnosis = emergencyDiagnoses[r.weightedIndex(frail ? frailDiagnosisWeights : youngerDiagnosisWeights)];
    if (diagnosis?.condition && !has(diagnosis.condition, day)) diagnosis = emergencyDiagnoses[r.weightedIndex(frail ? frailDiagnosisWeights : youngerDiagnosisWeights)];
    const main = diagnosis ?? emergencyDiagnoses[0];
    const viaAe = r.chance(0.8);
    if (viaAe) life.aeAttendances.push({ id: id('ae'), arrival: isoDate(day), admitted: true, diagnosis: (main?.icd10 ?? 'R69').slice(0, 3) });
    const sameDay = age < 65 ? 0.3 : 0.12;
    const stay = r.chance(sameDay) ? 0 : Math.max(1, Math.round(Math.exp(0.7 + 0.02 * Math.max(0, age - 40) + 0.04 * deficits + r.normal(0, 0.7)) * (main?.stay ?? 1)));
    const ready = day + stay;
    const secondary = secondaryDiagnoses(day, main?.with ?? []);
    if (main?.icd10 === 'S72.0') startCondition(ci('hip-fracture'), day);
    if (main?.icd10 === 'W19') startCondition(ci('falls'), day);
    const specialty = age >= 75 && deficits >= 9 && r.chance(0.5) ? '430' : main?.specialty ?? '300';
    const base = { id: id('spell'), site: 'acute' as const, admissionMethod: viaAe ? ('21' as const) : ('22' as const), admissionDate: isoDate(day), diagnoses: [main?.icd10 ?? 'R69', ...secondary], specialty };
    const death = life.death;
    if (death !== undefined && death <= ready) {
      life.spells.push({ ...base, dischargeDate: isoDate(death), dischargeDestination: '79' });
      return death;
    }
    const inCareHome = care.inCareHome(day);
    const pathway: DischargePathway = age < 18 ? 0 : inCareHome ? 0 : choosePathway(age, deficits, has('dementia', day));
    const delays = delayReasons[pathway];
    const delay = r.chance(delays.none) ? 0 : 1 + r.poisson(delays.mean - 1);
    const reason = delay > 0 ? delays.reasons[r.weightedIndex(delays.weights)] : undefined;
    let leave = ready + delay;
    const diedWaiting = death !== undefined && death <= leave;
    if (diedWaiting) leave = death;
    if (leave > ctx.end) {
      // Still in hospital at the end of the period: a ready date (and its reason) only if it has passed.
      life.spells.push({ ...base, ...(ready < ctx.end ? { dischargeReadyDate: isoDate(ready), ...(reason ? { delayReason: reason } : {}) } : {}) });
      return leave;
    }
    const destination = diedWaiting ? '79' : pathway === 2 ? '51' : pathway === 3 || inCareHome ? '85' : '19';
    life.spells.push({
      ...base, ...(leave > ready ? { dischargeReadyDate: isoDate(ready) } : {}), dischargeDate: isoDate(leave), ...(reason ? { delayReason: reason } : {}),
      ...(diedWaiting || age < 18 ? {} : { pathway }), dischargeDestination: destination,
    });
    if (diedWaiting) return leave;
    return afterDischarge(leave, pathway, deficits, age);
  }

  function choosePathway(age: number, deficits: number, dementia: boolean): DischargePathway {
    // Shares for people 65+ of about 50/45/4/1 (DHSC discharge guidance; DOMAIN.md §4.1), rising with frailty.
    const k = deficits - 5;
    const p1 = Math.exp((age >= 65 ? -0.12 : -1.9) + 0.12 * k);
    const p2 = Math.exp((age >= 65 ? -2.7 : -4.6) + 0.12 * k);
    const p3 = Math.exp((age >= 65 ? -4.8 : -7.5) + 0.2 * k + (dementia ? 1 : 0));
    const u = r.float() * (1 + p1 + p2 + p3);
    if (u < 1) return 0;
    if (u < 1 + p1) return 1;
    if (u < 1 + p1 + p2) return 2;
    return 3;
  }

  /** Support after leaving the acute hospital; returns the day the person is home (or died). */
  function afterDischarge(day: number, pathway: DischargePathway, deficits: number, age: number): number {
    if (pathway === 1) {
      if (r.chance(age >= 65 ? 0.62 : 0.4)) care.reablement(day, deficits, true);
      else for (let i = 0, n = 3 + r.int(0, 5); i < n; i++) life.communityContacts.push({ id: id('community'), date: isoDate(day + r.int(1, 21)), service: r.chance(0.6) ? 'District nursing' : 'Community therapy', setting: 'home' });
      return day;
    }
    if (pathway === 3) {
      care.moveToCareHome(day, deficits, true);
      return day;
    }
    if (pathway === 2) {
      const stay = Math.max(5, Math.round(Math.exp(Math.log(20) + r.normal(0, 0.45))));
      const ready = day + stay;
      const delay = r.chance(0.5) ? 0 : 1 + r.poisson(3);
      let leave = ready + delay;
      const death = life.death;
      const died = death !== undefined && death <= leave;
      if (died) leave = death;
      const next: 1 | 3 = r.chance(0.15 + 0.02 * Math.max(0, deficits - 9)) ? 3 : 1;
      const spell: HospitalSpell = {
        id: id('spell'), site: 'community', admissionMethod: '81', admissionDate: isoDate(day), diagnoses: ['Z50.9', ...secondaryDiagnoses(day, [])], specialty: '314',
        ...(leave > ready && !died ? { dischargeReadyDate: isoDate(ready), delayReason: next === 3 ? 'D(i)' : 'E' } : {}),
      };
      if (leave > ctx.end) {
        life.spells.push(spell);
        return leave;
      }
      life.spells.push({ ...spell, dischargeDate: isoDate(leave), ...(died ? {} : { pathway: next }), dischargeDestination: died ? '79' : next === 3 ? '85' : '19' });
      if (died) return leave;
      if (next === 3) care.moveToCareHome(leave, deficits, true);
      else care.reablement(leave, deficits, true);
      return leave;
    }
    return day;
  }

  function electiveAdmission(day: number): number {
    const age = ageAt(day);
    let choice = electiveDiagnoses[r.weightedIndex(electiveWeights)];
    if (choice && age < choice.minAge) choice = electiveDiagnoses.find((d) => age >= d.minAge) ?? choice;
    const stay = choice && r.chance(choice.dayCase) ? 0 : 1 + r.poisson(2.5);
    const leave = day + stay;
    const death = life.death;
    const died = death !== undefined && death <= leave;
    const end = died ? death : leave;
    life.spells.push({
      id: id('spell'), site: 'acute', admissionMethod: r.chance(0.7) ? '11' : '12', admissionDate: isoDate(day),
      ...(end <= ctx.end ? { dischargeDate: isoDate(end), dischargeDestination: died ? '79' : care.inCareHome(day) ? '85' : '19' } : {}),
      diagnoses: [choice?.icd10 ?? 'Z51.1', ...secondaryDiagnoses(day, []).slice(0, 4)], specialty: choice?.specialty ?? '300',
    });
    return end;
  }

  function secondaryDiagnoses(day: number, extra: readonly string[]): string[] {
    const codes: string[] = [...extra];
    for (let c = 0; c < conditionList.length && codes.length < 14; c++) {
      const code = conditionList[c]?.icd10;
      if (code && (onsets[c] ?? noOnset) !== noOnset && (onsets[c] ?? 0) <= day && r.chance(0.8) && !codes.includes(code)) codes.push(code);
    }
    return codes;
  }
}

function electiveRate(age: number): number {
  return age < 18 ? 0.02 : age < 40 ? 0.04 : age < 65 ? 0.09 : age < 85 ? 0.18 : 0.1;
}

function popcount(n: number): number {
  let x = n - ((n >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
}
