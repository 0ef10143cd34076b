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
  role_not_allowed: { status: 403, title: 'Your role cannot do this', hint: 'The detail says which roles can; ask your administrator if your role is wrong.' },
  person_not_found: { status: 404, title: 'No such person, or not one you may see', hint: 'You see people registered with your practice, in your organisation\'s care or on their care team; in an emergency, use emergency access with their NHS number.' },
  break_glass_invalid: { status: 400, title: 'The emergency access request is not complete', hint: 'See `errors`: a reason and a valid NHS number are needed.' },
  patient_context_invalid: { status: 400, title: 'Whom the app is for is not clear', hint: 'See `errors`: give the NHS number of someone whose record you may see.' },
  break_glass_not_found: { status: 404, title: 'No such emergency access', hint: 'GET /api/break-glass lists them.' },
  care_team_invalid: { status: 400, title: 'The care team cannot be changed as asked', hint: 'See `errors`: one organisation, team or colleague, and why they join.' },
  care_team_not_found: { status: 404, title: 'No such care team membership', hint: 'GET /api/people/<id>/care-team lists them.' },
  carer_access_not_found: { status: 404, title: 'No such carer access', hint: 'GET /api/people/<id>/carers lists them.' },
  team_invalid: { status: 400, title: 'The team cannot be made or changed as given', hint: 'See `errors` for each field that is wrong.' },
  carer_invalid: { status: 400, title: 'The carer cannot be given access as asked', hint: 'See `errors`; a carer needs an account of their own with the carer role.' },
  consent_invalid: { status: 400, title: 'The choice about sharing is not complete', hint: 'See `errors`: dissent, or restrict with the organisation it keeps out.' },
  consent_exists: { status: 409, title: 'That choice is already in force', hint: 'GET /api/people/<id>/consent lists the choices in force.' },
  consent_not_found: { status: 404, title: 'No such choice about sharing', hint: 'GET /api/people/<id>/consent lists them.' },
  consent_withdrawn: { status: 409, title: 'The choice was withdrawn already', hint: 'Record a new one if the person wants it again.' },
  break_glass_reviewed: { status: 409, title: 'The emergency access was reviewed already', hint: 'A review is final; the audit trail keeps it.' },
  token_invalid: { status: 401, title: 'The bearer token is not valid', hint: 'Get a new access token from POST /oauth/token (they last 15 minutes); see docs/access/oauth.md.' },
  client_invalid: { status: 400, title: 'The client cannot be registered as given', hint: 'See `errors` for each field that is wrong.' },
  client_not_found: { status: 404, title: 'There is no such client', hint: 'joinedup client list shows the registered clients.' },
  authorize_request_invalid: { status: 400, title: 'The app\'s sign-in request is not right', hint: 'The app sent an unknown client_id or a redirect_uri it did not register; tell whoever looks after the app.' },
  two_step_required: { status: 401, title: 'This account needs a two-step verification code', hint: 'Send the 6-digit code from the authenticator app as `code` with the username and password.' },
  two_step_failed: { status: 401, title: 'The two-step verification code is not right', hint: 'Use the code the authenticator app shows now (each code works once); wrong codes count toward the lockout like wrong passwords.' },
  two_step_code_wrong: { status: 400, title: 'The code is not right', hint: 'Type the 6 digits the authenticator app shows now; each code works once, so wait for the next one if this one was used.' },
  two_step_not_started: { status: 409, title: 'Two-step verification is not being set up', hint: 'Start setting it up with POST /api/account/two-step/start, then confirm with a code.' },
  two_step_already_on: { status: 409, title: 'Two-step verification is already on', hint: 'Turn it off first (with a current code) to set up another authenticator app.' },
  two_step_off: { status: 409, title: 'Two-step verification is not on for this account', hint: 'There is nothing to turn off.' },
  account_not_found: { status: 404, title: 'There is no such account', hint: 'Check the username.' },
  identity_provider_invalid: { status: 400, title: 'The identity provider cannot be added as given', hint: 'See `errors` for each field that is wrong.' },
  identity_provider_exists: { status: 409, title: 'An identity provider with that id exists', hint: 'Choose another id.' },
  identity_provider_not_found: { status: 404, title: 'There is no such identity provider', hint: 'GET /api/identity-providers lists the enabled ones; `joinedup identity-provider list` all of them.' },
  identity_provider_unavailable: { status: 502, title: 'The identity provider could not be reached', hint: 'Check its issuer URL (its /.well-known/openid-configuration must answer) and try again.' },
  provider_sign_in_expired: { status: 400, title: 'That sign-in through the identity provider is not one this browser started, or it took too long', hint: 'Start again from the sign-in page; a sign-in through a provider must finish within 10 minutes, in the browser it began in.' },
  provider_sign_in_failed: { status: 401, title: 'The identity provider did not confirm who you are', hint: 'The detail says what the provider answered or which check of its ID token failed.' },
  provider_account_unknown: { status: 403, title: 'No account here matches the identity the provider gave', hint: 'Ask an administrator for an account whose username is your provider identity (its claim named in the detail).' },
  account_disabled: { status: 403, title: 'The account is disabled', hint: 'Ask an administrator.' },
} as const;

export type AccessErrorCode = keyof typeof accessErrors;

export function accessError(code: AccessErrorCode, detail?: string, errors?: readonly ErrorLocation[]): AppError {
  return new AppError({ code, ...accessErrors[code] }, detail, errors ? { errors } : undefined);
}
