/** The synthetic locality: a realistic place with records from every source, messy like real ones, with the truth known. */
export { Random, cumulative } from './random.js';
export { syntheticNhsNumber, syntheticNhsNumberCapacity } from './nhs-numbers.js';
export { resolveSynthOptions, synthLimits, defaultSynthOptions, SynthOptionError, type SynthOptions, type SynthOptionsInput } from './options.js';
export { synthesise, SynthOutputError, type SynthRun, type SynthSummary, type OutputFile } from './generate.js';
export { trueLocality, type TrueLocality, type TruePerson } from './true-people.js';
export type { CalibrationReport, CalibrationCheck } from './calibration.js';
export type * from './model.js';
// The eFI's 36 deficits and its bands are defined once, here, where the locality models them, and read by case-finding.
export { efiDeficits, type EfiDeficit } from './reference/conditions.js';
export { efiBand } from './frailty.js';
export { conditionDefinition } from './reference/conditions.js';
