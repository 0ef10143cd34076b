/** Risk: case-finding — who is frail, and who is at risk of an emergency admission (DOMAIN.md §9). */
export { ageOn, efi, hfrs, hfrsBand, loadHfrsPoints, polypharmacyThreshold, type Admission, type CodedCondition, type EfiBand, type EfiResult, type HfrsBand, type HfrsResult } from './frailty.js';
export { efiConceptSets, type EfiConceptSets } from './efi-concepts.js';
export { FrailtyInputError, frailtyOf, type FrailtyOutput, type FrailtyProblem } from './frailty-input.js';
