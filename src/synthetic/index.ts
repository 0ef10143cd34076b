/** The synthetic locality: reproducible random streams and never-issued identifiers to build it from. */
export { Random, cumulative } from './random.js';
export { syntheticNhsNumber, syntheticNhsNumberCapacity } from './nhs-numbers.js';
