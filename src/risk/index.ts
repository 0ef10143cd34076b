/** Risk: case-finding — who is frail, and who is at risk of an emergency admission (DOMAIN.md §9). */
import { fileURLToPath } from 'node:url';
import type { Capability } from '../platform/index.js';
import { riskErrors } from './errors.js';

export const riskCapability: Capability = {
  name: 'risk',
  schema: 'risk',
  migrationsDir: fileURLToPath(new URL('./migrations/', import.meta.url)),
  errors: riskErrors,
};

export { ageOn, efi, hfrs, hfrsBand, loadHfrsPoints, polypharmacyThreshold, type Admission, type CodedCondition, type EfiBand, type EfiResult, type HfrsBand, type HfrsResult } from './frailty.js';
export { efiConceptSets, type EfiConceptSets } from './efi-concepts.js';
export { FrailtyInputError, frailtyOf, type FrailtyOutput, type FrailtyProblem } from './frailty-input.js';
export { choleskySolve, fitLogistic, predictLogistic, type LogisticData, type LogisticFit, type LogisticOptions } from './logistic.js';
export { auprc, auroc, brier, calibration, capacities, reliability, yieldAt, type Auroc } from './evaluation.js';
export { fitLogisticOnThreads } from './logistic-threads.js';
export { evaluationReport, figures, type EvaluationReport, type Figures, type ReportInput, type SubgroupFigures } from './report.js';
export { reportHtml } from './report-html.js';
export { matchedComparison, type Candidate, type MatchedComparison, type MatchOptions } from './matched-controls.js';
export { riskError, riskErrors, type RiskErrorCode } from './errors.js';
export { features, featureSetVersion, type PersonActivity } from './features.js';
export { explain, type Factor, type RiskModel } from './model.js';
export { evaluateOnSyntheticLocality, syntheticDates, type SyntheticEvaluation } from './synthetic-evaluation.js';
export {
  datasetsFromRecord, evaluateOnRecord, impactOnRecord, listModelVersions, loadAreaDeprivation, modelVersion, recalibrateOnRecord, scorePopulation, storeModel, trainOnRecord,
  type ImpactReport, type ModelVersion, type ScoreRun,
} from './store.js';
export { decide, exclusionReasons, latestRuns, personRisk, worklist, worklistPractices, type DecisionInput, type WorklistEntry } from './worklist.js';
export { riskRoutes } from './routes.js';
