/** The person index: source systems, identities from each, the people they are linked to, and search. */
import { fileURLToPath } from 'node:url';
import type { Capability } from '../platform/index.js';
import { peopleErrors } from './errors.js';

export const peopleCapability: Capability = {
  name: 'people',
  schema: 'people',
  migrationsDir: fileURLToPath(new URL('./migrations/', import.meta.url)),
  errors: peopleErrors,
};

export { formatNhsNumber, isValidNhsNumber, nhsNumberCheckDigit, normaliseNhsNumber } from './nhs-number.js';
export { resolveIdentities, type IdentityDetails, type IdentityInput, type LinkedIdentity } from './identities.js';
export { maySeePerson, searchPeople, SearchQueryError, type PersonMatch, type SearchKind, type SearchResult } from './search.js';
export { listSources, personDetails, registerSource, sourcePriority, type IdentityView, type PersonDetails, type SourceRef } from './people-view.js';
export { ethnicCategoryDisplays } from './ethnic-category.js';
export { type LinkedBy } from './people-view.js';
export { peopleErrors, peopleError, type PeopleErrorCode } from './errors.js';
// Merging people and undoing merges; the record capability passes in how its records follow.
export { mergePeople, unmergePeople, personMerges, mergeById, type FollowIdentities, type MergeInput, type MergedIdentity, type PersonMerge } from './merges.js';
// The linkage review queue and the decisions that bind later linkage.
export {
  addReviewItems, decideReview, decisionKey, linkDecision, listReviews, pairDecisions, reviewItem,
  type ReviewDecision, type ReviewExplanation, type ReviewField, type ReviewIdentity, type ReviewItem, type ReviewItemInput, type ReviewList, type ReviewPage, type ReviewStatus,
} from './review.js';
// Probabilistic record linkage of files of person records (docs/linkage/README.md).
export * from './linkage/index.js';
// Re-linking the whole person index (`joinedup link`).
export { relinkPeople, type RelinkStage, type RelinkSummary } from './relink.js';
// Live linkage of arriving identities with the model the last re-link trained.
export { currentLiveModel, identityColumns, scoreArrivals, type IdentityValues, type LiveCandidate, type LiveModel } from './live-linkage.js';
