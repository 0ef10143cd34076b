/**
 * Probabilistic record linkage (Fellegi–Sunter, estimated the way Splink does it): link two files
 * of person records, or find the duplicates within one, with every score explained field by field.
 * Written for this project because no TypeScript library does it at this scale; its accuracy is
 * pinned by tests on the FEBRL data sets against Splink's published F1.
 */
export { readSettings, missingColumns, LinkageSettingsError, comparisonKinds, blockingKeys, type LinkageSettings, type FieldSettings, type BlockingRule, type SettingsProblem } from './settings.js';
export { linkRecords, pairsAtOrAbove, pairProbability, explainCandidate, type LinkInput, type LinkResult, type LinkStage } from './link.js';
export { readCsvRecords, readTruthPairs, LinkageInputError, type CsvRecords } from './csv-records.js';
export { evaluatePairs, evaluateClusters, pairKey, type Accuracy, type Evaluation } from './evaluate.js';
export { LinkageTrainingError, type LinkageModel, type FieldModel } from './model.js';
export { probabilityOf, weightOf, type Explanation, type FieldEvidence } from './score.js';
export type { RecordTable } from './features.js';
export type { SkippedBlock } from './blocking.js';
export { nicknames } from './nicknames.js';
