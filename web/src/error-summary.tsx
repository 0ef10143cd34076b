import { useEffect, useRef } from 'react';

export interface FieldError {
  /** The id of the field the error is about, which its link moves focus to ('' for a problem with no one field). */
  fieldId: string;
  message: string;
}

/**
 * The NHS error summary, each error linked to its field (if it has one). It takes focus and is
 * announced when shown; on a form checked as it is typed (`focusNow` given) it takes focus only when
 * the person submits (the caller sets `focusNow.current`), never while they type.
 */
export function ErrorSummary({ errors, focusNow }: { errors: readonly FieldError[]; focusNow?: { current: boolean } }) {
  const summaryRef = useRef<HTMLDivElement>(null);
  const messages = errors.map((e) => e.message).join('\n');
  useEffect(() => {
    if (focusNow === undefined) summaryRef.current?.focus();
  }, [messages, focusNow]);
  useEffect(() => {
    if (focusNow?.current !== true) return;
    focusNow.current = false;
    summaryRef.current?.focus();
  });
  return (
    <div className="nhsuk-error-summary" tabIndex={-1} ref={summaryRef}>
      <div role={focusNow === undefined ? 'alert' : undefined}>
        <h2 className="nhsuk-error-summary__heading">There is a problem</h2>
        <div className="nhsuk-error-summary__body">
          <ul className="nhsuk-list nhsuk-error-summary__list">
            {errors.map(({ fieldId, message }) => (
              <li key={`${fieldId}:${message}`}>
                {fieldId === '' ? (
                  message
                ) : (
                  <a
                    href={`#${fieldId}`}
                    onClick={(event) => {
                      // Following the link would only scroll; the person needs to be in the field to fix it.
                      event.preventDefault();
                      const field = document.getElementById(fieldId);
                      field?.focus();
                      field?.scrollIntoView({ block: 'center' });
                    }}
                  >
                    {message}
                  </a>
                )}
              </li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  );
}
