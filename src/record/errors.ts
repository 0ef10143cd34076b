/** The shared record's errors: stable codes, with the HTTP status and a hint for each. */
import { AppError } from '../platform/index.js';

export const recordErrors = {
  unknown_source: { status: 404, title: 'No such source system', hint: 'Register the source first (POST /api/sources), or use one of GET /api/sources.' },
  import_file_unreadable: { status: 400, title: 'The file to import cannot be read', hint: 'Check the path and that this user can read it.' },
  person_not_found: { status: 404, title: 'No such person', hint: 'Find the person with GET /api/people?q=…' },
  import_not_found: { status: 404, title: 'No such import', hint: 'List imports with GET /api/imports.' },
  search_query_invalid: { status: 400, title: 'The search cannot be run', hint: 'Search by name, NHS number (10 digits), date of birth or postcode.' },
  import_kind_invalid: { status: 400, title: 'The kind of file is not one Joined Up imports', hint: 'Send FHIR JSON or NDJSON, or one of the documented CSV files (docs/formats/).' },
  resource_not_found: { status: 404, title: 'No such resource', hint: 'Check the type and id; search for it with GET /fhir/r4/<type>?…' },
  resource_deleted: { status: 410, title: 'The resource has been deleted', hint: 'Its history is kept: GET /fhir/r4/<type>/<id>/_history.' },
  resource_exists: { status: 409, title: 'The resource already exists', hint: 'Update it with PUT instead.' },
  resource_not_owned: { status: 409, title: 'The resource belongs to another source system', hint: 'A source system changes only its own records; send your own record instead.' },
  version_conflict: { status: 412, title: 'The resource has changed since that version', hint: 'Read the current version, apply the change to it, and send it with its ETag in If-Match.' },
} as const;

export type RecordErrorCode = keyof typeof recordErrors;

export function recordError(code: RecordErrorCode, detail?: string): AppError {
  return new AppError({ code, ...recordErrors[code] }, detail);
}
