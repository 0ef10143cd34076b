/**
 * What brings people to hospital, as ICD-10 codes with the weights used to draw them. Emergency
 * admissions of frail older people lean on the codes of the Hospital Frailty Risk Score (Gilbert et al.,
 * Lancet 2018: falls W19, delirium F05, urinary infection N39, pneumonia J18 …), so the HFRS of a
 * synthetic person rises with their latent frailty as it does in real data. Weights are approximate
 * shares of emergency admissions in England (HES orders of magnitude), not a published table.
 */
import { cumulative } from '../random.js';

export interface EmergencyDiagnosis {
  readonly icd10: string;
  /** Weight for adults under 65 and for frail people 65+ (eFI moderate or severe). */
  readonly younger: number;
  readonly frail: number;
  /** Condition key that makes this diagnosis five times as likely (an exacerbation of it). */
  readonly condition?: string;
  /** NHS Data Dictionary treatment function code of the admitting specialty. */
  readonly specialty: string;
  /** Multiplies the length of stay. */
  readonly stay: number;
  /** Extra secondary codes recorded with it. */
  readonly with?: readonly string[];
}

export const emergencyDiagnoses: readonly EmergencyDiagnosis[] = [
  { icd10: 'J18.9', younger: 5, frail: 12, specialty: '300', stay: 1.2 },
  { icd10: 'J22', younger: 5, frail: 6, specialty: '340', stay: 0.9 },
  { icd10: 'J44.1', younger: 1, frail: 6, condition: 'copd', specialty: '340', stay: 1.0, with: ['J96.0'] },
  { icd10: 'J45.9', younger: 3, frail: 0.5, condition: 'asthma', specialty: '340', stay: 0.5 },
  { icd10: 'I50.9', younger: 1, frail: 6, condition: 'heart-failure', specialty: '320', stay: 1.3 },
  { icd10: 'I48.9', younger: 1, frail: 3, condition: 'atrial-fibrillation', specialty: '320', stay: 0.7 },
  { icd10: 'I21.9', younger: 2, frail: 3, condition: 'ischaemic-heart-disease', specialty: '320', stay: 1.0 },
  { icd10: 'I63.9', younger: 1, frail: 4, condition: 'stroke', specialty: '328', stay: 2.0, with: ['G81.9', 'R47.0'] },
  { icd10: 'N39.0', younger: 3, frail: 10, condition: 'urinary-tract-infection', specialty: '300', stay: 1.0, with: ['B96.2'] },
  { icd10: 'S72.0', younger: 0.5, frail: 6, condition: 'osteoporosis', specialty: '110', stay: 2.2, with: ['W19', 'M81.9'] },
  { icd10: 'W19', younger: 1, frail: 8, condition: 'falls', specialty: '430', stay: 1.0, with: ['R29.6', 'S00.9'] },
  { icd10: 'S06.0', younger: 2, frail: 2, specialty: '110', stay: 0.6, with: ['W19'] },
  { icd10: 'S42.2', younger: 1, frail: 2, specialty: '110', stay: 0.8, with: ['W18'] },
  { icd10: 'F05.9', younger: 0.2, frail: 5, condition: 'dementia', specialty: '430', stay: 1.6, with: ['R41.0'] },
  { icd10: 'E86', younger: 1, frail: 4, specialty: '300', stay: 0.8, with: ['E87.1', 'N17.9'] },
  { icd10: 'A41.9', younger: 1, frail: 4, specialty: '300', stay: 1.5 },
  { icd10: 'R55', younger: 3, frail: 4, condition: 'syncope', specialty: '300', stay: 0.5, with: ['I95.1'] },
  { icd10: 'L03.1', younger: 3, frail: 3, condition: 'skin-ulcer', specialty: '300', stay: 0.9, with: ['L97'] },
  { icd10: 'K92.2', younger: 2, frail: 2, specialty: '301', stay: 0.8 },
  { icd10: 'R07.4', younger: 8, frail: 2, specialty: '320', stay: 0.3 },
  { icd10: 'R10.4', younger: 10, frail: 2, specialty: '100', stay: 0.4 },
  { icd10: 'K35.8', younger: 3, frail: 0.2, specialty: '100', stay: 0.6 },
  { icd10: 'K56.6', younger: 1, frail: 1.5, specialty: '100', stay: 1.5, with: ['K59.0'] },
  { icd10: 'N20.0', younger: 2, frail: 0.5, specialty: '101', stay: 0.4 },
  { icd10: 'G40.9', younger: 2, frail: 1, specialty: '300', stay: 0.6 },
  { icd10: 'F10.0', younger: 2, frail: 0.2, specialty: '300', stay: 0.4 },
  { icd10: 'T42.4', younger: 1.5, frail: 0.1, specialty: '300', stay: 0.3 },
];

export const youngerDiagnosisWeights = cumulative(emergencyDiagnoses.map((d) => d.younger));
export const frailDiagnosisWeights = cumulative(emergencyDiagnoses.map((d) => d.frail));

/** Planned admissions (half are day cases). */
export const electiveDiagnoses: readonly { icd10: string; specialty: string; dayCase: number; weight: number; minAge: number }[] = [
  { icd10: 'H25.9', specialty: '130', dayCase: 1, weight: 5, minAge: 55 },
  { icd10: 'M17.1', specialty: '110', dayCase: 0, weight: 2, minAge: 50 },
  { icd10: 'M16.1', specialty: '110', dayCase: 0, weight: 1.5, minAge: 50 },
  { icd10: 'K80.2', specialty: '100', dayCase: 0.6, weight: 2, minAge: 25 },
  { icd10: 'K40.9', specialty: '100', dayCase: 0.8, weight: 2, minAge: 20 },
  { icd10: 'N40', specialty: '101', dayCase: 0.4, weight: 1.5, minAge: 55 },
  { icd10: 'D12.6', specialty: '301', dayCase: 1, weight: 3, minAge: 40 },
  { icd10: 'Z51.1', specialty: '800', dayCase: 1, weight: 3, minAge: 30 },
  { icd10: 'I25.1', specialty: '320', dayCase: 0.7, weight: 1.5, minAge: 45 },
  { icd10: 'J35.0', specialty: '120', dayCase: 0.7, weight: 1, minAge: 3 },
];

/** A&E attendances that end without admission. */
export const minorDiagnoses: readonly string[] = ['S93.4', 'S61.9', 'S01.8', 'S52.5', 'R07.4', 'R10.4', 'T14.1', 'J06.9', 'R51', 'M54.5', 'S00.9', 'R55'];

/** Outpatient specialties (treatment function codes) with weights for under 65 and 65+. */
export const outpatientSpecialties: readonly { code: string; younger: number; older: number }[] = [
  { code: '110', younger: 4, older: 4 },
  { code: '130', younger: 2, older: 6 },
  { code: '320', younger: 2, older: 4 },
  { code: '300', younger: 2, older: 3 },
  { code: '301', younger: 2, older: 2 },
  { code: '100', younger: 2, older: 2 },
  { code: '101', younger: 1, older: 2 },
  { code: '330', younger: 2, older: 2 },
  { code: '502', younger: 3, older: 0.5 },
  { code: '430', younger: 0, older: 2 },
  { code: '800', younger: 0.5, older: 2 },
  { code: '120', younger: 2, older: 2 },
];
export const youngerOutpatientWeights = cumulative(outpatientSpecialties.map((s) => s.younger));
export const olderOutpatientWeights = cumulative(outpatientSpecialties.map((s) => s.older));
