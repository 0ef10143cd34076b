import { type SyntheticEvent, useEffect, useState } from 'react';
import { ApiError, getJson, postJson } from './api.js';
import { ErrorSummary } from './error-summary.js';
import { currentSession, type Session } from './session.js';
import { SummaryRow } from './summary-row.js';
import { usePageTitle } from './use-page-title.js';

interface TwoStep {
  on: boolean;
  since: string | null;
}

interface Enrolment {
  secret: string;
  qrSvg: string;
}

const isTwoStep = (body: unknown): body is TwoStep => typeof (body as Partial<TwoStep> | null)?.on === 'boolean';

function messageOf(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.problem?.code === 'two_step_code_wrong') return 'The security code is not right: enter the code your authenticator app shows now';
    if (error.status === 0) return 'The server could not be reached: check your connection and try again';
    return error.problem?.title ?? `That did not work (the server answered ${error.status}): try again`;
  }
  return 'That did not work: try again';
}

/** The 6-digit code field, with its error (NHS form pattern). */
function CodeField({ value, set, error, hint }: { value: string; set: (v: string) => void; error: string | undefined; hint: string }) {
  return (
    <div className={`nhsuk-form-group${error !== undefined ? ' nhsuk-form-group--error' : ''}`}>
      <label className="nhsuk-label" htmlFor="code">Security code</label>
      <div className="nhsuk-hint" id="code-hint">{hint}</div>
      {error !== undefined && (
        <span className="nhsuk-error-message" id="code-error">
          <span className="nhsuk-u-visually-hidden">Error:</span> {error}
        </span>
      )}
      <input
        className={`nhsuk-input nhsuk-input--width-10${error !== undefined ? ' nhsuk-input--error' : ''}`}
        id="code" name="code" type="text" inputMode="numeric" autoComplete="one-time-code" spellCheck={false}
        value={value} aria-describedby={error !== undefined ? 'code-hint code-error' : 'code-hint'}
        onChange={(e) => { set(e.target.value); }}
      />
    </div>
  );
}

/**
 * The signed-in person's account: who they are, and two-step verification, which they turn on
 * (scan the QR code or type the secret into an authenticator app, then confirm with a code) or off
 * (with a current code).
 */
export function AccountPage() {
  usePageTitle('Your account');
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const [twoStep, setTwoStep] = useState<TwoStep | undefined>(undefined);
  const [enrolment, setEnrolment] = useState<Enrolment | undefined>(undefined);
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | undefined>(undefined);

  useEffect(() => {
    let live = true;
    void currentSession().then(async (s) => {
      setSession(s);
      if (!s) return;
      const status = await getJson('/api/account/two-step').catch(() => undefined);
      if (live && isTwoStep(status)) setTwoStep(status);
    }, () => { if (live) setSession(null); });
    return () => { live = false; };
  }, []);

  const run = async (change: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await change();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
      setCode('');
    }
  };
  const withCode = (then: (code: string) => Promise<void>) => (event: SyntheticEvent) => {
    event.preventDefault();
    const typed = code.replace(/\s/g, '');
    if (!/^\d{6}$/.test(typed)) {
      setError('Enter the 6-digit security code from your authenticator app');
      return;
    }
    void run(() => then(typed));
  };
  const start = () => run(async () => {
    const body = (await postJson('/api/account/two-step/start', {})) as Enrolment;
    setDone(undefined);
    setEnrolment({ secret: body.secret, qrSvg: body.qrSvg });
  });
  const confirm = withCode(async (typed) => {
    const status = await postJson('/api/account/two-step/confirm', { code: typed });
    if (isTwoStep(status)) setTwoStep(status);
    setEnrolment(undefined);
    setDone('Two-step verification is on. You will be asked for a security code each time you sign in with your password.');
  });
  const turnOff = withCode(async (typed) => {
    const status = await postJson('/api/account/two-step/turn-off', { code: typed });
    if (isTwoStep(status)) setTwoStep(status);
    setDone('Two-step verification is off. You sign in with your password alone.');
  });

  if (session === undefined) return <p>Loading your account…</p>;
  if (session === null) {
    return (
      <>
        <h1>Your account</h1>
        <p><a href="/sign-in?return=%2Faccount">Sign in</a> to see your account.</p>
      </>
    );
  }
  const errors = error !== undefined ? [{ fieldId: 'code', message: error }] : [];
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        {errors.length > 0 && <ErrorSummary errors={errors} />}
        <h1>Your account</h1>
        <dl className="nhsuk-summary-list">
          <SummaryRow label="Name">{session.signedIn.name}</SummaryRow>
          <SummaryRow label="Role">{session.signedIn.roleName}</SummaryRow>
          <SummaryRow label="Username">{session.signedIn.username}</SummaryRow>
          <SummaryRow label="Two-step verification">
            {twoStep === undefined ? '…' : twoStep.on ? `On since ${new Date(twoStep.since ?? '').toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' })}` : 'Off'}
          </SummaryRow>
        </dl>
        {done !== undefined && (
          <div className="nhsuk-inset-text" role="status">
            <span className="nhsuk-u-visually-hidden">Information: </span>
            <p>{done}</p>
          </div>
        )}
        <h2 className="nhsuk-heading-m">Two-step verification</h2>
        {twoStep?.on === false && enrolment === undefined && (
          <>
            <p>With two-step verification on, signing in with your password also needs a 6-digit code from an authenticator app on your phone, so a password alone is not enough for anyone else.</p>
            <button className="nhsuk-button" type="button" disabled={busy} onClick={() => void start()}>Turn on two-step verification</button>
          </>
        )}
        {enrolment !== undefined && (
          <form noValidate onSubmit={confirm}>
            <p>Scan this QR code with an authenticator app (for example Microsoft Authenticator or Google Authenticator):</p>
            <img className="joinedup-qr-code" src={`data:image/svg+xml;base64,${btoa(enrolment.qrSvg)}`} alt="QR code for your authenticator app" width={200} height={200} />
            <p>Or type this secret into the app instead:</p>
            <p><code className="joinedup-two-step-secret" aria-label="Secret">{enrolment.secret}</code></p>
            <CodeField value={code} set={setCode} error={error} hint="Then enter the 6-digit code the app shows, to check it is set up." />
            <button className="nhsuk-button" type="submit" disabled={busy}>Confirm and turn on</button>
          </form>
        )}
        {twoStep?.on === true && (
          <form noValidate onSubmit={turnOff}>
            <p>Two-step verification is on. To turn it off, enter a current code from your authenticator app. If you have lost your phone, ask an administrator to reset it.</p>
            <CodeField value={code} set={setCode} error={error} hint="The 6-digit code your authenticator app shows now." />
            <button className="nhsuk-button nhsuk-button--secondary" type="submit" disabled={busy}>Turn off two-step verification</button>
          </form>
        )}
      </div>
    </div>
  );
}
