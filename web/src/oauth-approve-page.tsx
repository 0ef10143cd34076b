import { useState } from 'react';
import { ApiError, getJson, postJson } from './api.js';
import { currentSession, type Session } from './session.js';
import { useLoad } from './use-load.js';
import { usePageTitle } from './use-page-title.js';

/** What the app asks for, from GET /api/oauth/authorize. */
interface Approval {
  client: { id: string; name: string };
  redirectUri: string;
  scopes: { scope: string; description: string }[];
  /** The app asks for one person's record (a SMART patient launch context). */
  patientContext: boolean;
}

function isApproval(body: unknown): body is Approval {
  return typeof body === 'object' && body !== null && 'client' in body && 'scopes' in body && Array.isArray(body.scopes);
}

function redirectOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || !('redirectTo' in body)) return undefined;
  const to = body.redirectTo;
  return typeof to === 'string' ? to : undefined;
}

type Loaded = { kind: 'approve'; approval: Approval; session: Session } | { kind: 'leaving' };

/** Sends the browser on: to the app (with its code or error), or to sign in first. */
function leave(to: string): Loaded {
  window.location.assign(to);
  return { kind: 'leaving' };
}

async function load(search: string, signal: AbortSignal): Promise<Loaded> {
  const [answer, session] = await Promise.all([getJson(`/api/oauth/authorize${search}`, signal), currentSession()]);
  const redirectTo = redirectOf(answer);
  if (redirectTo !== undefined) return leave(redirectTo);
  if (!session) return leave(`/sign-in?next=${encodeURIComponent(`/oauth/authorize${search}`)}`);
  if (!isApproval(answer)) throw new ApiError('The server described the app in a form this page does not understand.', 200);
  return { kind: 'approve', approval: answer, session };
}

function Problem({ title, detail }: { title: string; detail: string | undefined }) {
  return (
    <div className="nhsuk-error-summary" tabIndex={-1} ref={(e) => e?.focus()}>
      <div role="alert">
        <h2 className="nhsuk-error-summary__heading">{title}</h2>
        <div className="nhsuk-error-summary__body">
          {detail !== undefined && <p>{detail}</p>}
          <p>You have not been sent anywhere. Close this page, or go back to the app and tell whoever looks after it.</p>
        </div>
      </div>
    </div>
  );
}

/**
 * An app asks to use Joined Up for the person signed in (OAuth 2.0 authorization code flow): its
 * name and what it may do, in plain words, with Allow and Deny. Either answer sends the browser back
 * to the app's registered address, with a code or with error=access_denied.
 */
export function OAuthApprovePage() {
  usePageTitle('Allow an app');
  const search = window.location.search;
  const { state } = useLoad((signal) => load(search, signal), search);
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState<string | undefined>(undefined);
  const [nhsNumber, setNhsNumber] = useState('');
  const [nhsNumberError, setNhsNumberError] = useState<string | undefined>(undefined);

  const loading = <p className="nhsuk-body">Loading…</p>;
  if (state.status === 'loading') return loading;
  if (state.status === 'failed') {
    const problem = state.error instanceof ApiError ? state.error.problem : undefined;
    return (
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-two-thirds">
          <h1>The app's request cannot be used</h1>
          <Problem title={problem?.title ?? 'The app\'s request could not be checked'} detail={problem?.detail} />
        </div>
      </div>
    );
  }
  const loaded = state.value;
  if (loaded.kind === 'leaving') return loading;
  const { approval, session } = loaded;
  // The person's own app is for their own record; anyone else says whom it is for.
  const asksWhom = approval.patientContext && session.signedIn.role !== 'person';
  const decide = async (decision: 'allow' | 'deny') => {
    setBusy(true);
    setFailed(undefined);
    setNhsNumberError(undefined);
    try {
      const params = Object.fromEntries(new URLSearchParams(search));
      const to = redirectOf(await postJson('/api/oauth/authorize', { ...params, decision, ...(asksWhom && decision === 'allow' ? { nhsNumber } : {}) }));
      if (to === undefined) throw new ApiError('The server did not say where to go next.', 200);
      window.location.assign(to);
    } catch (error) {
      const problem = error instanceof ApiError ? error.problem : undefined;
      setNhsNumberError(problem?.errors?.find((e) => e.path === 'nhsNumber')?.message);
      setFailed(error instanceof ApiError ? (problem?.detail ?? error.message) : 'Something went wrong: try again.');
      setBusy(false);
    }
  };
  const returnsTo = new URL(approval.redirectUri).host;
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        {failed !== undefined && <Problem title="Your answer could not be saved" detail={failed} />}
        <span className="nhsuk-caption-l">Signed in as {session.signedIn.name}</span>
        <h1>Allow {approval.client.name} to use Joined Up for you?</h1>
        <p>If you allow it, {approval.client.name} can, for the next 15 minutes, act as you in Joined Up:</p>
        <ul className="nhsuk-list nhsuk-list--bullet" aria-label="What the app asks to do">
          {approval.scopes.map((s) => (
            <li key={s.scope}>
              {s.description} (<code>{s.scope}</code>)
            </li>
          ))}
        </ul>
        {approval.patientContext && !asksWhom && <p>It is for your own record only.</p>}
        {asksWhom && (
          <div className={`nhsuk-form-group${nhsNumberError !== undefined ? ' nhsuk-form-group--error' : ''}`}>
            <label className="nhsuk-label nhsuk-label--s" htmlFor="launch-nhs-number">
              Who is the app for?
            </label>
            <div className="nhsuk-hint" id="launch-nhs-number-hint">
              The app sees this person's record only. Give their NHS number: someone whose record you may see.
            </div>
            {nhsNumberError !== undefined && (
              <span className="nhsuk-error-message" id="launch-nhs-number-error">
                <span className="nhsuk-u-visually-hidden">Error:</span> The NHS number {nhsNumberError}
              </span>
            )}
            <input
              className={`nhsuk-input nhsuk-input--width-10${nhsNumberError !== undefined ? ' nhsuk-input--error' : ''}`}
              id="launch-nhs-number" name="nhsNumber" type="text" inputMode="numeric" autoComplete="off" spellCheck={false}
              aria-describedby={`launch-nhs-number-hint${nhsNumberError !== undefined ? ' launch-nhs-number-error' : ''}`}
              value={nhsNumber} onChange={(e) => { setNhsNumber(e.target.value); }}
            />
          </div>
        )}
        <div className="nhsuk-inset-text">
          <span className="nhsuk-u-visually-hidden">Information: </span>
          <p>It sees only what you could see yourself, and everything it does is recorded in the audit trail as done by you through {approval.client.name}.</p>
        </div>
        <p>Whichever you choose, you go back to the app at {returnsTo}.</p>
        <div className="nhsuk-button-group">
          <button className="nhsuk-button" type="button" disabled={busy} onClick={() => void decide('allow')}>
            Allow
          </button>
          <button className="nhsuk-button nhsuk-button--secondary" type="button" disabled={busy} onClick={() => void decide('deny')}>
            Deny
          </button>
        </div>
      </div>
    </div>
  );
}
