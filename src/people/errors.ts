/** The person index's errors: stable codes, with the HTTP status and a hint for each. */
import { AppError, type ErrorLocation } from '../platform/index.js';

export const peopleErrors = {
  merge_person_not_found: { status: 404, title: 'No such person to merge', hint: 'Check both person ids; find people with GET /api/people?q=…' },
  merge_into_self: { status: 400, title: 'A person cannot be merged into themselves', hint: 'Give the id of the other person in `into`.' },
  person_merged_away: { status: 409, title: 'The person has already been merged into another', hint: 'Merge with the person they were merged into (GET /api/people/<id>/merges).' },
  merge_not_found: { status: 404, title: 'No such merge', hint: "List a person's merges with GET /api/people/<id>/merges." },
  merge_already_undone: { status: 409, title: 'The merge has already been undone', hint: 'Nothing to do; merge the people again if they are the same person.' },
  merge_nothing_to_undo: { status: 409, title: 'None of the merged records is still with that person', hint: 'They have moved on since; see GET /api/people/<id>/merges of the person they are with now.' },
  review_not_found: { status: 404, title: 'No such review item', hint: 'List the queue with GET /api/linkage/reviews.' },
  review_already_decided: { status: 409, title: 'The review item has already been decided', hint: 'Decisions stand; to separate two merged people undo the merge (POST /api/merges/<id>/undo).' },
  review_item_invalid: { status: 400, title: 'The review item is not valid', hint: 'See `errors` for what is wrong with each item.' },
  review_cursor_invalid: { status: 400, title: 'The cursor is not one this list gave', hint: 'Use the `next` value of the previous page as it was.' },
} as const;

export type PeopleErrorCode = keyof typeof peopleErrors;

export function peopleError(code: PeopleErrorCode, detail?: string, errors?: readonly ErrorLocation[]): AppError {
  return new AppError({ code, ...peopleErrors[code] }, detail, errors ? { errors } : undefined);
}
