// Calls to the linkage API: the review queue and its decisions, and a person's merges.
import { ApiError, getJson, postJson } from './api.js';
import { type DecisionOutcome, isDecisionOutcome, isMergeList, isPersonMerge, isReviewPage, type PersonMerge, type ReviewDecision, type ReviewList, type ReviewPage } from './linkage.js';

/** Review items shown in one list at a time. */
export const reviewPageSize = 50;

function checked<T>(body: unknown, check: (value: unknown) => value is T, what: string): T {
  if (!check(body)) throw new ApiError(`The server sent ${what} in a form this page does not understand.`, 200);
  return body;
}

/** One list of the review queue: open and not-sure items most likely first, decided ones newest first. */
export async function fetchReviews(list: ReviewList, signal?: AbortSignal): Promise<ReviewPage> {
  const query = new URLSearchParams({ status: list, limit: String(reviewPageSize) });
  return checked(await getJson(`/api/linkage/reviews?${query.toString()}`, signal), isReviewPage, 'the review queue');
}

/** Decides a review item; "same" merges the two people. */
export async function decideReview(id: string, decision: ReviewDecision, note: string): Promise<DecisionOutcome> {
  const body = await postJson(`/api/linkage/reviews/${encodeURIComponent(id)}/decision`, { decision, ...(note.trim() === '' ? {} : { note: note.trim() }) });
  return checked(body, isDecisionOutcome, 'the decision');
}

/** The merges into and out of a person, newest first. */
export async function fetchMerges(personId: string, signal?: AbortSignal): Promise<PersonMerge[]> {
  return checked(await getJson(`/api/people/${encodeURIComponent(personId)}/merges`, signal), isMergeList, 'the merge history').merges;
}

/** Merges person `from` into person `into`. */
export async function mergePerson(from: string, into: string, reason: string): Promise<PersonMerge> {
  return checked(await postJson(`/api/people/${encodeURIComponent(from)}/merge`, { into, reason }), isPersonMerge, 'the merge');
}

/** Undoes a merge. */
export async function undoMerge(id: string): Promise<PersonMerge> {
  return checked(await postJson(`/api/merges/${encodeURIComponent(id)}/undo`, {}), isPersonMerge, 'the undone merge');
}
