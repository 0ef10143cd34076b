// The linkage review queue and merges as the API returns them. Checks are shallow: enough that a
// server answering something else gives a clear error instead of a broken page.
import { isRecord, isSourceRef, type SourceRef } from './person.js';

export type ReviewStatus = 'open' | 'same' | 'different' | 'unsure';
export type ReviewDecision = 'same' | 'different' | 'unsure';
/** The lists of the queue. */
export type ReviewList = 'open' | 'unsure' | 'decided';

/** One field's evidence: its comparison level and the level's weight in bits (positive for a match). */
export interface ReviewField {
  field: string;
  label: string;
  /** The arriving record's value. */
  left: string | null;
  /** The candidate's value. */
  right: string | null;
  level: string;
  weight: number;
}

/** One side of a pair, as its source system holds it. */
export interface ReviewIdentity {
  identityId: string;
  personId: string;
  source: SourceRef;
  localId: string;
  name: string | null;
  nhsNumber: string | null;
  birthDate: string | null;
  sex: string | null;
  address: string | null;
  postcode: string | null;
}

export interface ReviewItem {
  id: string;
  status: ReviewStatus;
  matchWeight: number;
  matchProbability: number;
  explanation: { prior: number; fields: ReviewField[] };
  identity: ReviewIdentity;
  candidate: ReviewIdentity;
  samePerson: boolean;
  createdAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  note: string | null;
}

/** The body of `GET /api/linkage/reviews`. */
export interface ReviewPage {
  items: ReviewItem[];
  next: string | null;
  counts: Record<ReviewList, number>;
}

export interface MergedIdentity {
  identityId: string;
  source: SourceRef;
  localId: string;
  name: string | null;
  personId: string;
}

/** One merge of a person into another, and its undoing. */
export interface PersonMerge {
  id: string;
  fromPerson: string;
  intoPerson: string;
  identities: MergedIdentity[];
  reason: string | null;
  mergedBy: string;
  mergedAt: string;
  undoneBy: string | null;
  undoneAt: string | null;
  canUndo: boolean;
}

/** The body of `POST /api/linkage/reviews/:id/decision`. */
export interface DecisionOutcome {
  review: ReviewItem;
  merge: PersonMerge | null;
}

const stringOrNull = (v: unknown): boolean => v === null || typeof v === 'string';

function isReviewIdentity(value: unknown): value is ReviewIdentity {
  return isRecord(value) && typeof value.identityId === 'string' && typeof value.personId === 'string' && isSourceRef(value.source) && typeof value.localId === 'string' && stringOrNull(value.name);
}

function isReviewField(value: unknown): value is ReviewField {
  return isRecord(value) && typeof value.label === 'string' && typeof value.level === 'string' && typeof value.weight === 'number' && stringOrNull(value.left) && stringOrNull(value.right);
}

export function isReviewItem(value: unknown): value is ReviewItem {
  return (
    isRecord(value) && typeof value.id === 'string' && typeof value.status === 'string' && typeof value.matchProbability === 'number' &&
    isRecord(value.explanation) && typeof value.explanation.prior === 'number' && Array.isArray(value.explanation.fields) && value.explanation.fields.every(isReviewField) &&
    isReviewIdentity(value.identity) && isReviewIdentity(value.candidate)
  );
}

export function isReviewPage(value: unknown): value is ReviewPage {
  return isRecord(value) && Array.isArray(value.items) && value.items.every(isReviewItem) && stringOrNull(value.next) && isRecord(value.counts);
}

export function isPersonMerge(value: unknown): value is PersonMerge {
  return (
    isRecord(value) && typeof value.id === 'string' && typeof value.fromPerson === 'string' && typeof value.intoPerson === 'string' &&
    Array.isArray(value.identities) && typeof value.mergedAt === 'string' && typeof value.canUndo === 'boolean'
  );
}

export function isMergeList(value: unknown): value is { merges: PersonMerge[] } {
  return isRecord(value) && Array.isArray(value.merges) && value.merges.every(isPersonMerge);
}

export function isDecisionOutcome(value: unknown): value is DecisionOutcome {
  return isRecord(value) && isReviewItem(value.review) && (value.merge === null || isPersonMerge(value.merge));
}
