import { useEffect, useRef } from 'react';
import { ApiError } from './api.js';
import { signInPath } from './session.js';

/** Whether the API refused because no one is signed in (or the session ended). */
export function needsSignIn(error: unknown): boolean {
  return error instanceof ApiError && error.status === 401;
}

/** The error summary of a page that needs you to sign in: a link to sign in that comes back here. */
export function SignInNeeded({ what }: { what: string }) {
  const summaryRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    summaryRef.current?.focus();
  }, []);
  return (
    <div className="nhsuk-error-summary" tabIndex={-1} ref={summaryRef}>
      <div role="alert">
        <h2 className="nhsuk-error-summary__heading">There is a problem</h2>
        <div className="nhsuk-error-summary__body">
          <p>You need to sign in to see the {what}: you are not signed in, or your session has ended.</p>
          <ul className="nhsuk-list nhsuk-error-summary__list">
            <li>
              <a href={signInPath()}>Sign in</a>
            </li>
          </ul>
        </div>
      </div>
    </div>
  );
}

/** What went wrong, in words: the problem's title and detail when the API sent one. */
function describe(error: unknown): { summary: string; detail?: string; code?: string } {
  if (error instanceof ApiError) {
    const { problem } = error;
    if (problem !== undefined) {
      return {
        summary: problem.title ?? error.message,
        ...(problem.detail !== undefined && { detail: problem.detail }),
        ...(problem.code !== undefined && { code: problem.code }),
      };
    }
    return { summary: error.message };
  }
  return { summary: 'Something unexpected went wrong in this page.' };
}

/**
 * An NHS error summary saying what could not be loaded and why, with a button to try again (or,
 * when you are not signed in, a link to sign in that comes back to this page).
 * It takes focus when shown, as nhsuk-frontend's error summary does, so screen readers announce it.
 */
export function LoadError({ what, error, onRetry }: { what: string; error: unknown; onRetry: () => void }) {
  return needsSignIn(error) ? <SignInNeeded what={what} /> : <LoadProblem what={what} error={error} onRetry={onRetry} />;
}

function LoadProblem({ what, error, onRetry }: { what: string; error: unknown; onRetry: () => void }) {
  const summaryRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    summaryRef.current?.focus();
  }, [error]);
  const { summary, detail, code } = describe(error);
  return (
    <>
      <div className="nhsuk-error-summary" tabIndex={-1} ref={summaryRef}>
        <div role="alert">
          <h2 className="nhsuk-error-summary__heading">There is a problem</h2>
          <div className="nhsuk-error-summary__body">
            <p>The {what} could not be loaded.</p>
            <ul className="nhsuk-list nhsuk-error-summary__list">
              <li>{summary}</li>
              {detail !== undefined && <li>{detail}</li>}
            </ul>
            {code !== undefined && (
              <p className="nhsuk-body-s">
                Error code: <code>{code}</code>
              </p>
            )}
          </div>
        </div>
      </div>
      <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={onRetry}>
        Try again
      </button>
    </>
  );
}
