/** The access capability's errors: stable codes, with the HTTP status and a hint for each. */
import { AppError, type ErrorLocation } from '../platform/index.js';

export const accessErrors = {
  sign_in_failed: { status: 401, title: 'The username or password is not right', hint: 'Check both and try again; after 5 failures in a row the account is locked for 15 minutes.' },
  account_locked: { status: 423, title: 'The account is locked after too many failed sign-ins', hint: 'Wait until the time given in the detail, or ask an administrator.' },
  sign_in_rate_limited: { status: 429, title: 'Too many sign-in attempts from this address', hint: 'Wait a minute and try again.' },
  not_signed_in: { status: 401, title: 'Not signed in', hint: 'Sign in with POST /api/session; the session ends after an hour unused or 12 hours in all.' },
  csrf_token_invalid: { status: 403, title: 'The request did not carry this session\'s CSRF token', hint: 'Send the csrfToken from POST or GET /api/session in the X-CSRF-Token header with every change.' },
  account_invalid: { status: 400, title: 'The account cannot be created as given', hint: 'See `errors` for each field that is wrong.' },
  organisation_invalid: { status: 400, title: 'The organisation cannot be created as given', hint: 'See `errors` for each field that is wrong.' },
  account_exists: { status: 409, title: 'An account with that username exists', hint: 'Choose another username.' },
  token_invalid: { status: 401, title: 'The bearer token is not valid', hint: 'Get a new access token from POST /oauth/token (they last 15 minutes); see docs/access/oauth.md.' },
  client_invalid: { status: 400, title: 'The client cannot be registered as given', hint: 'See `errors` for each field that is wrong.' },
  client_not_found: { status: 404, title: 'There is no such client', hint: 'joinedup client list shows the registered clients.' },
  authorize_request_invalid: { status: 400, title: 'The app\'s sign-in request is not right', hint: 'The app sent an unknown client_id or a redirect_uri it did not register; tell whoever looks after the app.' },
} as const;

export type AccessErrorCode = keyof typeof accessErrors;

export function accessError(code: AccessErrorCode, detail?: string, errors?: readonly ErrorLocation[]): AppError {
  return new AppError({ code, ...accessErrors[code] }, detail, errors ? { errors } : undefined);
}
