import type { ReactNode } from 'react';
import type { ApiError } from './api.js';
import type { FieldError } from './error-summary.js';

/** The ids a field's aria-describedby names: its hint and its error, when shown. */
export function describedBy(id: string, hint: boolean, error: string | undefined): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error !== undefined ? `${id}-error` : ''].filter((d) => d !== '');
  return ids.length === 0 ? undefined : ids.join(' ');
}

/**
 * An NHS form group: label, hint, the field's error, then the control itself (which uses
 * `describedBy(id, hint !== undefined, error)`).
 */
export function FormField({ id, label, hint, error, children }: { id: string; label: string; hint?: string; error: string | undefined; children: ReactNode }) {
  return (
    <div className={`nhsuk-form-group${error !== undefined ? ' nhsuk-form-group--error' : ''}`}>
      <label className="nhsuk-label nhsuk-label--s" htmlFor={id}>{label}</label>
      {hint !== undefined && <div className="nhsuk-hint" id={`${id}-hint`}>{hint}</div>}
      <FieldErrorMessage id={id} error={error} />
      {children}
    </div>
  );
}

/** A field's error message, beside it (NHS error message component). */
export function FieldErrorMessage({ id, error }: { id: string; error: string | undefined }) {
  if (error === undefined) return null;
  return (
    <span className="nhsuk-error-message" id={`${id}-error`}>
      <span className="nhsuk-u-visually-hidden">Error:</span> {error}
    </span>
  );
}

/** The first character in capitals: the server words its field problems to follow a field name. */
function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * A 400's problems (`errors[].path`) as errors of this form's fields: `fields` maps a body path to
 * the field's id and the words to use when the server's own words only make sense after a field name.
 */
export function fieldErrorsOf(error: ApiError, fields: Readonly<Record<string, { id: string; message: string }>>, fallbackId: string): FieldError[] {
  const errors = error.problem?.errors ?? [];
  if (errors.length === 0) return [{ fieldId: fallbackId, message: error.problem?.detail ?? error.problem?.title ?? error.message }];
  return errors.map((e) => {
    const field = fields[e.path];
    if (field === undefined) return { fieldId: fallbackId, message: sentence(e.message) };
    return { fieldId: field.id, message: /^must\b/.test(e.message) ? field.message : sentence(e.message) };
  });
}
