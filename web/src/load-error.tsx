import { useEffect, useRef } from 'react';
import { ApiError } from './api.js';

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
 * An NHS error summary saying what could not be loaded and why, with a button to try again.
 * It takes focus when shown, as nhsuk-frontend's error summary does, so screen readers announce it.
 */
export function LoadError({ what, error, onRetry }: { what: string; error: unknown; onRetry: () => void }) {
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
