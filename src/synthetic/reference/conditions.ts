/**
 * Long-term conditions and frailty deficits coded in the synthetic GP record.
 *
 * Each entry is one SNOMED CT concept that falls in an electronic Frailty Index deficit (Clegg et al.,
 * Age and Ageing 2016; the 36 deficits listed in DOMAIN.md §9). Concept ids were checked against the
 * published eFI SNOMED code sets (e.g. the Greater Manchester secure data environment's
 * `clinical-code-sets/*\/efi-*` lists) or are the top-level disorder concepts of their QOF register.
 *
 * Prevalence by age band: orders of magnitude for England from QOF registers and the Health Survey
 * for England (approximate, not a published table; the calibration report shows what was produced
 * beside them). Findings that have no register (falls, dizziness, housebound …) are set so that the
 * eFI bands among people 65+ land near Clegg's split (fit 50%, mild 35%, moderate 12%, severe 3%).
 * `frailty` is how strongly the person's latent frailty drives the condition (a logit loading).
 */

/** Lower bounds of the age bands the prevalence figures use: 0–17, 18–44, 45–64, 65–74, 75–84, 85+. */
export const prevalenceAgeBands = [0, 18, 45, 65, 75, 85] as const;

export type Prevalence = readonly [number, number, number, number, number, number];

/** The 36 eFI deficits (Clegg 2016), in the order of DOMAIN.md §9. */
export const efiDeficits = [
  'activity limitation', 'anaemia and haematinic deficiency', 'arthritis', 'atrial fibrillation',
  'cerebrovascular disease', 'chronic kidney disease', 'diabetes', 'dizziness', 'dyspnoea', 'falls',
  'foot problems', 'fragility fracture', 'hearing impairment', 'heart failure', 'heart valve disease',
  'housebound', 'hypertension', 'hypotension/syncope', 'ischaemic heart disease',
  'memory and cognitive problems', 'mobility and transfer problems', 'osteoporosis',
  'parkinsonism and tremor', 'peptic ulcer', 'peripheral vascular disease', 'polypharmacy',
  'requirement for care', 'respiratory disease', 'skin ulcer', 'sleep disturbance',
  'social vulnerability', 'thyroid disease', 'urinary incontinence', 'urinary system disease',
  'visual impairment', 'weight loss and anorexia',
] as const;

export type EfiDeficit = (typeof efiDeficits)[number];

export interface ConditionDefinition {
  readonly key: string;
  readonly display: string;
  /** SNOMED CT concept id. */
  readonly snomed: string;
  /** The eFI deficit this code counts towards, if any. */
  readonly efiDeficit?: EfiDeficit;
  /** A long-term condition in the QOF sense (counted in "people with a long-term condition"). */
  readonly longTerm: boolean;
  readonly prevalence: Prevalence;
  readonly frailty: number;
  /** ICD-10 code a hospital records for it as a secondary diagnosis. */
  readonly icd10?: string;
  /** Medicines usually started for it (keys of `reference/medications.ts`). */
  readonly medications: readonly string[];
}

const c = (
  key: string, display: string, snomed: string, efiDeficit: EfiDeficit | undefined, longTerm: boolean,
  prevalence: Prevalence, frailty: number, icd10: string | undefined, medications: readonly string[] = [],
): ConditionDefinition => ({ key, display, snomed, ...(efiDeficit ? { efiDeficit } : {}), longTerm, prevalence, frailty, ...(icd10 ? { icd10 } : {}), medications });

export const conditionList: readonly ConditionDefinition[] = [
  // Registers (QOF orders of magnitude)
  c('hypertension', 'Hypertensive disorder', '38341003', 'hypertension', true, [0.001, 0.03, 0.2, 0.42, 0.55, 0.6], 0.6, 'I10', ['amlodipine', 'ramipril', 'indapamide']),
  c('diabetes', 'Type 2 diabetes mellitus', '44054006', 'diabetes', true, [0.001, 0.02, 0.09, 0.16, 0.19, 0.17], 0.7, 'E11.9', ['metformin', 'gliclazide', 'atorvastatin']),
  c('atrial-fibrillation', 'Atrial fibrillation', '49436004', 'atrial fibrillation', true, [0, 0.002, 0.015, 0.06, 0.12, 0.18], 0.7, 'I48.9', ['apixaban', 'bisoprolol']),
  c('heart-failure', 'Heart failure', '84114007', 'heart failure', true, [0, 0.001, 0.007, 0.025, 0.06, 0.11], 1.0, 'I50.9', ['furosemide', 'bisoprolol', 'ramipril']),
  c('ischaemic-heart-disease', 'Ischemic heart disease', '414545008', 'ischaemic heart disease', true, [0, 0.003, 0.03, 0.09, 0.14, 0.18], 0.7, 'I25.9', ['aspirin', 'atorvastatin', 'bisoprolol']),
  c('stroke', 'Cerebrovascular accident', '230690007', 'cerebrovascular disease', true, [0, 0.002, 0.012, 0.04, 0.07, 0.1], 0.9, 'I69.4', ['clopidogrel', 'atorvastatin']),
  c('chronic-kidney-disease', 'Chronic kidney disease', '709044004', 'chronic kidney disease', true, [0, 0.003, 0.025, 0.08, 0.18, 0.3], 0.8, 'N18.3'),
  c('copd', 'Chronic obstructive lung disease', '13645005', 'respiratory disease', true, [0, 0.002, 0.02, 0.06, 0.08, 0.08], 1.0, 'J44.9', ['tiotropium-inhaler', 'salbutamol-inhaler']),
  c('asthma', 'Asthma', '195967001', 'respiratory disease', true, [0.06, 0.065, 0.065, 0.065, 0.065, 0.055], 0.3, 'J45.9', ['salbutamol-inhaler', 'beclometasone-inhaler']),
  c('osteoarthritis', 'Osteoarthritis', '396275006', 'arthritis', false, [0, 0.02, 0.12, 0.26, 0.34, 0.4], 0.6, 'M19.9', ['paracetamol', 'co-codamol']),
  c('osteoporosis', 'Osteoporosis', '64859006', 'osteoporosis', true, [0, 0.002, 0.02, 0.06, 0.12, 0.18], 0.8, 'M81.9', ['alendronic-acid', 'colecalciferol-calcium']),
  c('dementia', 'Dementia', '52448006', 'memory and cognitive problems', true, [0, 0.0005, 0.002, 0.012, 0.055, 0.17], 1.2, 'F03', ['donepezil']),
  c('parkinsons', "Parkinson's disease", '49049000', 'parkinsonism and tremor', true, [0, 0, 0.001, 0.005, 0.012, 0.02], 1.0, 'G20', ['co-careldopa']),
  c('hypothyroidism', 'Hypothyroidism', '40930008', 'thyroid disease', true, [0.001, 0.015, 0.04, 0.07, 0.08, 0.09], 0.3, 'E03.9', ['levothyroxine']),
  c('peptic-ulcer', 'Peptic ulcer', '13200003', 'peptic ulcer', false, [0, 0.005, 0.015, 0.025, 0.03, 0.035], 0.5, 'K27.9', ['omeprazole']),
  c('peripheral-vascular-disease', 'Peripheral vascular disease', '400047006', 'peripheral vascular disease', true, [0, 0, 0.006, 0.02, 0.035, 0.05], 0.8, 'I73.9', ['clopidogrel']),
  c('heart-valve-disease', 'Heart valve disorder', '368009', 'heart valve disease', true, [0, 0.002, 0.006, 0.02, 0.04, 0.07], 0.6, 'I35.0'),
  c('depression', 'Depressive disorder', '35489007', undefined, true, [0.005, 0.07, 0.09, 0.08, 0.08, 0.08], 0.5, 'F32.9', ['sertraline']),
  c('cancer', 'Malignant neoplastic disease', '363346000', undefined, true, [0.001, 0.005, 0.03, 0.07, 0.1, 0.12], 0.5, 'C80.9'),
  c('anaemia', 'Anemia', '271737000', 'anaemia and haematinic deficiency', false, [0.01, 0.03, 0.05, 0.1, 0.15, 0.22], 0.8, 'D64.9', ['ferrous-fumarate']),
  c('hearing-loss', 'Hearing loss', '15188001', 'hearing impairment', false, [0.005, 0.015, 0.06, 0.18, 0.3, 0.45], 0.4, 'H91.9'),
  c('visual-impairment', 'Visual impairment', '397540003', 'visual impairment', false, [0.003, 0.008, 0.03, 0.08, 0.15, 0.25], 0.6, 'H54.7', ['latanoprost-eye-drops']),
  // Findings without a register: set for the eFI band split among people 65+.
  c('urinary-incontinence', 'Urinary incontinence', '165232002', 'urinary incontinence', false, [0.005, 0.015, 0.04, 0.162, 0.243, 0.337], 1.0, 'R32', ['solifenacin']),
  c('urinary-tract-infection', 'Urinary tract infectious disease', '68566005', 'urinary system disease', false, [0.01, 0.03, 0.05, 0.18, 0.243, 0.285], 0.8, 'N39.0'),
  c('dyspnoea', 'Dyspnea', '267036007', 'dyspnoea', false, [0.005, 0.015, 0.05, 0.18, 0.243, 0.259], 1.0, 'R06.0'),
  c('dizziness', 'Dizziness', '404640003', 'dizziness', false, [0.005, 0.03, 0.06, 0.18, 0.243, 0.259], 0.8, 'R42'),
  c('falls', 'Falls', '161898004', 'falls', false, [0, 0.003, 0.015, 0.126, 0.259, 0.415], 1.3, 'R29.6'),
  c('hip-fracture', 'Fracture of neck of femur', '5913000', 'fragility fracture', false, [0, 0.002, 0.01, 0.054, 0.113, 0.168], 1.1, 'S72.0'),
  c('foot-problems', 'Corns and callus', '201037000', 'foot problems', false, [0, 0.01, 0.04, 0.18, 0.259, 0.285], 0.6, undefined),
  c('reduced-mobility', 'Reduced mobility', '8510008', 'mobility and transfer problems', false, [0.002, 0.006, 0.025, 0.126, 0.259, 0.441], 1.4, 'R26.8'),
  c('disability', 'Disability', '21134002', 'activity limitation', false, [0.01, 0.02, 0.05, 0.144, 0.194, 0.259], 1.0, undefined),
  c('housebound', 'Housebound', '160689007', 'housebound', false, [0, 0.001, 0.005, 0.026, 0.081, 0.22], 1.5, undefined),
  c('has-caregiver', 'Has a caregiver', '184156005', 'requirement for care', false, [0, 0.002, 0.008, 0.036, 0.113, 0.311], 1.5, 'Z74.9'),
  c('lives-alone', 'Lives alone', '105529008', 'social vulnerability', false, [0, 0.02, 0.05, 0.216, 0.324, 0.389], 0.6, 'Z60.2'),
  c('insomnia', 'Insomnia', '193462001', 'sleep disturbance', false, [0.005, 0.04, 0.07, 0.162, 0.178, 0.168], 0.5, 'G47.0', ['zopiclone']),
  c('skin-ulcer', 'Skin ulcer', '46742003', 'skin ulcer', false, [0, 0.001, 0.006, 0.036, 0.065, 0.117], 1.3, 'L89.9'),
  c('weight-loss', 'Weight loss', '89362005', 'weight loss and anorexia', false, [0, 0.005, 0.012, 0.046, 0.081, 0.13], 1.2, 'R63.4'),
  c('syncope', 'Syncope', '271594007', 'hypotension/syncope', false, [0.003, 0.012, 0.025, 0.09, 0.13, 0.156], 0.9, 'R55'),
];

const byKey = new Map(conditionList.map((d) => [d.key, d]));

/** The definition for a condition key; throws for a key that is not in the list. */
export function conditionDefinition(key: string): ConditionDefinition {
  const found = byKey.get(key);
  if (!found) throw new RangeError(`Unknown condition "${key}"`);
  return found;
}

/** Index of the age band (into `prevalenceAgeBands`) that an age falls in. */
export function prevalenceBand(age: number): number {
  let band = 0;
  for (let i = 1; i < prevalenceAgeBands.length; i++) if (age >= (prevalenceAgeBands[i] ?? Infinity)) band = i;
  return band;
}
