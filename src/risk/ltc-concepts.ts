/**
 * Which coded conditions count as which long-term condition, for the emergency-admission model:
 * SNOMED CT concept sets as versioned reference data, in the spirit of the QOF registers (each
 * register's own code list is a cluster of many concepts; these are Joined Up's starter sets, and a
 * site replaces them with its own). A new version of a set is a new `version`.
 */
import { snomed } from './efi-concepts.js';

export interface LtcConceptSets {
  version: string;
  system: string;
  conditions: Readonly<Record<string, { label: string; codes: readonly string[] }>>;
}

export const ltcConceptSets: LtcConceptSets = {
  version: 'joinedup-ltc-snomed-2026-12',
  system: snomed,
  conditions: {
    hypertension: { label: 'Hypertension', codes: ['38341003', '59621000'] },
    diabetes: { label: 'Diabetes', codes: ['73211009', '46635009', '44054006'] },
    'atrial-fibrillation': { label: 'Atrial fibrillation', codes: ['49436004'] },
    'heart-failure': { label: 'Heart failure', codes: ['84114007', '42343007'] },
    'coronary-heart-disease': { label: 'Coronary heart disease', codes: ['414545008', '22298006', '194828000'] },
    'stroke-tia': { label: 'Stroke or TIA', codes: ['230690007', '266257000', '432504007'] },
    'chronic-kidney-disease': { label: 'Chronic kidney disease', codes: ['709044004', '433144002', '431857002', '433146000'] },
    copd: { label: 'COPD', codes: ['13645005'] },
    asthma: { label: 'Asthma', codes: ['195967001'] },
    dementia: { label: 'Dementia', codes: ['52448006', '26929004'] },
    depression: { label: 'Depression', codes: ['35489007'] },
    cancer: { label: 'Cancer', codes: ['363346000'] },
    osteoporosis: { label: 'Osteoporosis', codes: ['64859006'] },
    parkinsons: { label: "Parkinson's disease", codes: ['49049000'] },
    hypothyroidism: { label: 'Hypothyroidism', codes: ['40930008'] },
    'peripheral-arterial-disease': { label: 'Peripheral arterial disease', codes: ['400047006', '840580004'] },
    'heart-valve-disease': { label: 'Heart valve disease', codes: ['368009'] },
  },
};
