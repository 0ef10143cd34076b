import { type SyntheticEvent, useState } from 'react';
import { ApiError } from './api.js';
import { ErrorSummary } from './error-summary.js';
import { returnPath, signIn } from './session.js';
import { usePageTitle } from './use-page-title.js';

/** What went wrong, in words for the person signing in, and which field to fix. */
function problemOf(error: unknown): { fieldId: string; message: string } {
  if (error instanceof ApiError) {
    if (error.status === 401) return { fieldId: 'password', message: 'The username or password is not right' };
    if (error.status === 423 || error.status === 429) return { fieldId: 'username', message: error.problem?.detail ?? error.problem?.title ?? 'Too many attempts: try again later' };
    if (error.status === 0) return { fieldId: 'username', message: 'The server could not be reached: check your connection and try again' };
  }
  return { fieldId: 'username', message: 'Sign-in did not work: try again, and tell your administrator if it keeps failing' };
}

/** Sign in with a username and password (NHS service manual form pattern: error summary, then each field's error). */
export function SignInPage() {
  usePageTitle('Sign in');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<{ fieldId: string; message: string }[]>([]);
  const [busy, setBusy] = useState(false);

  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    const missing = [
      ...(username.trim() === '' ? [{ fieldId: 'username', message: 'Enter your username' }] : []),
      ...(password === '' ? [{ fieldId: 'password', message: 'Enter your password' }] : []),
    ];
    setErrors(missing);
    if (missing.length > 0) return;
    setBusy(true);
    try {
      await signIn(username.trim(), password);
      window.location.assign(returnPath(window.location.search));
    } catch (error) {
      setPassword('');
      setErrors([problemOf(error)]);
      setBusy(false);
    }
  };
  const errorOf = (fieldId: string) => errors.find((e) => e.fieldId === fieldId)?.message;
  const field = (id: 'username' | 'password', label: string, value: string, set: (v: string) => void) => {
    const error = errorOf(id);
    return (
      <div className={`nhsuk-form-group${error !== undefined ? ' nhsuk-form-group--error' : ''}`}>
        <label className="nhsuk-label" htmlFor={id}>{label}</label>
        {error !== undefined && (
          <span className="nhsuk-error-message" id={`${id}-error`}>
            <span className="nhsuk-u-visually-hidden">Error:</span> {error}
          </span>
        )}
        <input
          className={`nhsuk-input nhsuk-u-width-two-thirds${error !== undefined ? ' nhsuk-input--error' : ''}`}
          id={id}
          name={id}
          type={id === 'password' ? 'password' : 'text'}
          autoComplete={id === 'password' ? 'current-password' : 'username'}
          spellCheck={false}
          value={value}
          aria-describedby={error !== undefined ? `${id}-error` : undefined}
          onChange={(e) => { set(e.target.value); }}
        />
      </div>
    );
  };
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        {errors.length > 0 && <ErrorSummary errors={errors} />}
        <h1>Sign in</h1>
        <p>Sign in with the account your organisation gave you. After 5 wrong passwords in a row the account is locked for 15 minutes.</p>
        <form noValidate onSubmit={(e) => void submit(e)}>
          {field('username', 'Username', username, setUsername)}
          {field('password', 'Password', password, setPassword)}
          <button className="nhsuk-button" type="submit" disabled={busy}>
            Sign in
          </button>
        </form>
      </div>
    </div>
  );
}
