/**
 * Which coded conditions count as which eFI deficit: SNOMED CT concept sets, as versioned reference
 * data. The eFI (Clegg et al., Age and Ageing 2016) was published with Read v2 code lists; these
 * sets are Joined Up's own SNOMED CT rendering of its 36 deficits (DOMAIN.md §9), not the NHS's eFI
 * or eFI2 code lists: a site that runs the national list loads it in their place. Polypharmacy is
 * not a code: it is 5 or more active medicines (frailty.ts). A new version of a set is a new
 * `version`, so scores say which sets made them.
 */
import type { EfiDeficit } from '../synthetic/index.js';

export const snomed = 'http://snomed.info/sct';

export interface EfiConceptSets {
  version: string;
  system: string;
  deficits: Readonly<Record<Exclude<EfiDeficit, 'polypharmacy'>, readonly string[]>>;
}

export const efiConceptSets: EfiConceptSets = {
  version: 'joinedup-efi-snomed-2026-12',
  system: snomed,
  deficits: {
    'activity limitation': ['21134002'], // Disability
    'anaemia and haematinic deficiency': ['271737000', '87522002'], // Anaemia; iron deficiency anaemia
    arthritis: ['396275006', '69896004', '3723001'], // Osteoarthritis; rheumatoid arthritis; arthritis
    'atrial fibrillation': ['49436004'], // Atrial fibrillation
    'cerebrovascular disease': ['230690007', '266257000', '432504007'], // Cerebrovascular accident; transient ischaemic attack; cerebral infarction
    'chronic kidney disease': ['709044004', '433144002', '431857002', '433146000'], // Chronic kidney disease; stages 3, 4, 5
    diabetes: ['73211009', '46635009', '44054006'], // Diabetes mellitus; type 1; type 2
    dizziness: ['404640003'], // Dizziness
    dyspnoea: ['267036007'], // Dyspnoea
    falls: ['161898004', '1912002'], // Falls; fall
    'foot problems': ['201037000'], // Corns and callus
    'fragility fracture': ['5913000'], // Fracture of neck of femur
    'hearing impairment': ['15188001'], // Hearing loss
    'heart failure': ['84114007', '42343007'], // Heart failure; congestive heart failure
    'heart valve disease': ['368009'], // Heart valve disorder
    housebound: ['160689007'], // Housebound
    hypertension: ['38341003', '59621000'], // Hypertensive disorder; essential hypertension
    'hypotension/syncope': ['271594007', '45007003'], // Syncope; low blood pressure
    'ischaemic heart disease': ['414545008', '22298006', '194828000'], // Ischaemic heart disease; myocardial infarction; angina
    'memory and cognitive problems': ['52448006', '26929004', '386807006'], // Dementia; Alzheimer's disease; memory impairment
    'mobility and transfer problems': ['8510008'], // Reduced mobility
    osteoporosis: ['64859006'], // Osteoporosis
    'parkinsonism and tremor': ['49049000', '32798002', '26079004'], // Parkinson's disease; parkinsonism; tremor
    'peptic ulcer': ['13200003', '397825006', '51868009'], // Peptic ulcer; gastric ulcer; duodenal ulcer
    'peripheral vascular disease': ['400047006', '840580004'], // Peripheral vascular disease; peripheral arterial disease
    'requirement for care': ['184156005'], // Has a caregiver
    'respiratory disease': ['13645005', '195967001'], // Chronic obstructive lung disease; asthma
    'skin ulcer': ['46742003'], // Skin ulcer
    'sleep disturbance': ['193462001'], // Insomnia
    'social vulnerability': ['105529008'], // Lives alone
    'thyroid disease': ['40930008', '34486009'], // Hypothyroidism; hyperthyroidism
    'urinary incontinence': ['165232002'], // Urinary incontinence
    'urinary system disease': ['68566005'], // Urinary tract infectious disease
    'visual impairment': ['397540003'], // Visual impairment
    'weight loss and anorexia': ['89362005'], // Weight loss
  },
};
