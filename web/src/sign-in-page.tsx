import { type SyntheticEvent, useEffect, useRef, useState } from 'react';
import { ApiError } from './api.js';
import { ErrorSummary } from './error-summary.js';
import { identityProviders, type IdentityProviderLink, returnPath, signIn } from './session.js';
import { usePageTitle } from './use-page-title.js';

type Field = 'username' | 'password' | 'code';

/** What went wrong, in words for the person signing in, and which field to fix. */
function problemOf(error: unknown): { fieldId: Field; message: string } {
  if (error instanceof ApiError) {
    if (error.problem?.code === 'two_step_failed') return { fieldId: 'code', message: 'The security code is not right: enter the code your authenticator app shows now' };
    if (error.status === 401) return { fieldId: 'password', message: 'The username or password is not right' };
    if (error.status === 423 || error.status === 429) return { fieldId: 'username', message: error.problem?.detail ?? error.problem?.title ?? 'Too many attempts: try again later' };
    if (error.status === 0) return { fieldId: 'username', message: 'The server could not be reached: check your connection and try again' };
  }
  return { fieldId: 'username', message: 'Sign-in did not work: try again, and tell your administrator if it keeps failing' };
}

/** Why a sign-in through an identity provider came back here (the server's problem code in ?problem=). */
const providerProblems: Readonly<Record<string, string>> = {
  identity_provider_not_found: 'That way of signing in is not offered any more: sign in another way',
  identity_provider_unavailable: 'The identity provider could not be reached: try again in a few minutes',
  provider_sign_in_expired: 'The sign-in took too long or was started in another browser: try again',
  provider_sign_in_failed: 'The identity provider did not confirm who you are: try again',
  provider_account_unknown: 'You signed in with the identity provider, but there is no account here for you: ask your administrator for one',
  account_disabled: 'Your account is disabled: ask your administrator',
  sign_in_rate_limited: 'Too many sign-in attempts from this address: wait a minute and try again',
};

function providerProblem(search: string): { fieldId: Field; message: string }[] {
  const code = new URLSearchParams(search).get('problem');
  if (code === null) return [];
  return [{ fieldId: 'username', message: providerProblems[code] ?? 'Signing in with the identity provider did not work: try again, or sign in with your username and password' }];
}

/**
 * Sign in with a username and password, then the security code when the account has two-step
 * verification on, or through an identity provider (NHS service manual form pattern: error summary,
 * then each field's error).
 */
export function SignInPage() {
  usePageTitle('Sign in');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [needsCode, setNeedsCode] = useState(false);
  const [errors, setErrors] = useState<{ fieldId: Field; message: string }[]>(() => providerProblem(window.location.search));
  const [busy, setBusy] = useState(false);
  const [providers, setProviders] = useState<IdentityProviderLink[]>([]);
  const codeInput = useRef<HTMLInputElement>(null);
  useEffect(() => {
    let live = true;
    void identityProviders().then((p) => { if (live) setProviders(p); });
    return () => { live = false; };
  }, []);
  useEffect(() => {
    if (needsCode && errors.length === 0) codeInput.current?.focus();
  }, [needsCode, errors.length]);

  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    const missing = [
      ...(username.trim() === '' ? [{ fieldId: 'username' as const, message: 'Enter your username' }] : []),
      ...(password === '' ? [{ fieldId: 'password' as const, message: 'Enter your password' }] : []),
      ...(needsCode && !/^\d{6}$/.test(code.replace(/\s/g, '')) ? [{ fieldId: 'code' as const, message: 'Enter the 6-digit security code from your authenticator app' }] : []),
    ];
    setErrors(missing);
    if (missing.length > 0) return;
    setBusy(true);
    try {
      const session = await signIn(username.trim(), password, needsCode ? code.replace(/\s/g, '') : undefined);
      const to = returnPath(window.location.search);
      // Someone signing in to their own account with nowhere else to go is taken to their record.
      window.location.assign(to === '/' && session.signedIn.role === 'person' ? '/my-record' : to);
    } catch (error) {
      setBusy(false);
      setCode('');
      if (error instanceof ApiError && error.problem?.code === 'two_step_required') {
        setNeedsCode(true);
        return;
      }
      const problem = problemOf(error);
      if (problem.fieldId !== 'code') {
        setPassword('');
        setNeedsCode(false);
      }
      setErrors([problem]);
    }
  };
  const errorOf = (fieldId: Field) => errors.find((e) => e.fieldId === fieldId)?.message;
  const field = (id: Field, label: string, value: string, set: (v: string) => void, hint?: string) => {
    const error = errorOf(id);
    const describedBy = [hint !== undefined ? `${id}-hint` : '', error !== undefined ? `${id}-error` : ''].filter((d) => d !== '').join(' ');
    return (
      <div className={`nhsuk-form-group${error !== undefined ? ' nhsuk-form-group--error' : ''}`}>
        <label className="nhsuk-label" htmlFor={id}>{label}</label>
        {hint !== undefined && <div className="nhsuk-hint" id={`${id}-hint`}>{hint}</div>}
        {error !== undefined && (
          <span className="nhsuk-error-message" id={`${id}-error`}>
            <span className="nhsuk-u-visually-hidden">Error:</span> {error}
          </span>
        )}
        <input
          ref={id === 'code' ? codeInput : undefined}
          className={`nhsuk-input ${id === 'code' ? 'nhsuk-input--width-10' : 'nhsuk-u-width-two-thirds'}${error !== undefined ? ' nhsuk-input--error' : ''}`}
          id={id}
          name={id}
          type={id === 'password' ? 'password' : 'text'}
          autoComplete={id === 'password' ? 'current-password' : id === 'code' ? 'one-time-code' : 'username'}
          inputMode={id === 'code' ? 'numeric' : undefined}
          spellCheck={false}
          value={value}
          aria-describedby={describedBy === '' ? undefined : describedBy}
          onChange={(e) => { set(e.target.value); }}
        />
      </div>
    );
  };
  const back = returnPath(window.location.search);
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        {errors.length > 0 && <ErrorSummary errors={errors} />}
        <h1>Sign in</h1>
        <p>Sign in with the account your organisation gave you. After 5 wrong passwords or security codes in a row the account is locked for 15 minutes.</p>
        <form noValidate onSubmit={(e) => void submit(e)}>
          {field('username', 'Username', username, setUsername)}
          {field('password', 'Password', password, setPassword)}
          {needsCode && field('code', 'Security code', code, setCode, 'Your account has two-step verification on: enter the 6-digit code your authenticator app shows now.')}
          <button className="nhsuk-button" type="submit" disabled={busy}>
            {needsCode ? 'Continue' : 'Sign in'}
          </button>
        </form>
        {providers.length > 0 && (
          <>
            <h2 className="nhsuk-heading-m">Or sign in another way</h2>
            <ul className="nhsuk-list">
              {providers.map((p) => (
                <li key={p.id}>
                  <a className="nhsuk-button nhsuk-button--secondary" href={`${p.startUrl}?return=${encodeURIComponent(back)}`}>
                    Sign in with {p.name}
                  </a>
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
    </div>
  );
}
