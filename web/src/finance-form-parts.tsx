import { type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, problemText } from './api.js';
import { ErrorSummary, type FieldError } from './error-summary.js';
import { type FieldsByPath, fieldErrorsFor, type FormProblem, submissionKey } from './finance-forms.js';
import { describedBy, FieldErrorMessage, FormField } from './form-field.js';

const inputClass = (base: string, error: string | undefined, width = ''): string => `${base}${width}${error !== undefined ? ` ${base}--error` : ''}`;

/** A text or date input (NHS text input component) with its label, hint and error. */
export function TextInput({ id, label, hint, value, error, onChange, type = 'text', width = ' nhsuk-input--width-20' }: {
  id: string; label: string; hint?: string; value: string; error: string | undefined; onChange: (value: string) => void; type?: 'text' | 'date'; width?: string;
}) {
  return (
    <FormField id={id} label={label} {...(hint !== undefined && { hint })} error={error}>
      <input
        className={inputClass('nhsuk-input', error, width)} id={id} name={id} type={type} value={value} autoComplete="off" spellCheck={false}
        aria-describedby={describedBy(id, hint !== undefined, error)} onChange={(e) => { onChange(e.target.value); }}
      />
    </FormField>
  );
}

/** A choice of one (NHS radios), each option with an optional hint: the first radio has the field's id, so an error's link moves to it. */
export function Radios<V extends string>({ id, legend, options, value, error, onChange }: {
  id: string; legend: string; options: readonly { value: V; label: string; hint?: string }[]; value: string; error: string | undefined; onChange: (value: V) => void;
}) {
  return (
    <div className={`nhsuk-form-group${error !== undefined ? ' nhsuk-form-group--error' : ''}`}>
      <fieldset className="nhsuk-fieldset" aria-describedby={describedBy(id, false, error)}>
        <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{legend}</legend>
        <FieldErrorMessage id={id} error={error} />
        <div className="nhsuk-radios">
          {options.map((o, index) => {
            const itemId = index === 0 ? id : `${id}-${o.value}`;
            return (
              <div className="nhsuk-radios__item" key={o.value}>
                <input
                  className="nhsuk-radios__input" id={itemId} name={id} type="radio" value={o.value} checked={value === o.value}
                  aria-describedby={o.hint === undefined ? undefined : `${itemId}-item-hint`} onChange={() => { onChange(o.value); }}
                />
                <label className="nhsuk-label nhsuk-radios__label" htmlFor={itemId}>{o.label}</label>
                {o.hint !== undefined && <div className="nhsuk-hint nhsuk-radios__hint" id={`${itemId}-item-hint`}>{o.hint}</div>}
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

/** A form's submission: its problems (found before asking, or the server's 400), whether it is being sent, and its idempotency key. */
export interface Submission {
  errors: FieldError[];
  errorOf: (fieldId: string) => string | undefined;
  busy: boolean;
  /** The summary of the form's problems, to show at its top (nothing when there are none). */
  summary: ReactNode;
  /** Sends the form unless problems were found before asking; `keyed` gives it the key of this body (the same for a double click or a retry). */
  submit: <T>(local: readonly FormProblem[], send: (key: string) => Promise<T>, done: (value: T) => void, keyed?: unknown) => void;
  /** Forgets the problems, as the person changes the form. */
  clear: () => void;
}

/** The state of submitting one of the finance forms, whose problems show beside their fields and in the error summary. */
export function useSubmission(fields: FieldsByPath, what: string, onSignedOut: () => void, onErrors?: (has: boolean) => void): Submission {
  const [problems, setProblems] = useState<readonly FormProblem[]>([]);
  const [pageError, setPageError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const sending = useRef(false);
  const pending = useRef<{ body: string; key: string } | null>(null);
  const all = [...fieldErrorsFor(problems, fields), ...(pageError === null ? [] : [{ fieldId: '', message: pageError }])];
  const errors = all.filter((e, i) => all.findIndex((o) => o.fieldId === e.fieldId && o.message === e.message) === i);
  const has = errors.length > 0;
  useEffect(() => {
    onErrors?.(has);
  }, [has, onErrors]);
  useEffect(() => () => { onErrors?.(false); }, [onErrors]);
  const errorOf = (fieldId: string): string | undefined => errors.filter((e) => e.fieldId === fieldId).map((e) => e.message).join('. ') || undefined;
  const submit: Submission['submit'] = (local, send, done, keyed) => {
    if (sending.current) return;
    setPageError(null);
    if (local.length > 0) {
      setProblems(local);
      return;
    }
    if (keyed !== undefined) pending.current = submissionKey(pending.current, JSON.stringify(keyed), () => crypto.randomUUID());
    sending.current = true;
    setBusy(true);
    send(keyed === undefined ? '' : pending.current?.key ?? '').then(
      (value) => {
        pending.current = null;
        setProblems([]);
        done(value);
      },
      (error: unknown) => {
        if (error instanceof ApiError && error.status === 401) onSignedOut();
        else if (error instanceof ApiError && error.status === 400 && (error.problem?.errors ?? []).length > 0) setProblems(error.problem?.errors ?? []);
        else setPageError(`The ${what} was not saved. ${problemText(error)}`);
      },
    ).finally(() => {
      sending.current = false;
      setBusy(false);
    });
  };
  const clear = (): void => {
    setProblems([]);
    setPageError(null);
  };
  return { errors, errorOf, busy, summary: errors.length > 0 ? <ErrorSummary errors={errors} /> : null, submit, clear };
}

/**
 * Which of a page's forms show problems, so its title can start "Error:" (NHS error summary
 * guidance); `report(form)` is what each form calls when its problems come and go.
 */
export function useFormErrors(): { any: boolean; report: (form: string) => (has: boolean) => void } {
  const [shown, setShown] = useState<Readonly<Record<string, boolean>>>({});
  const reporters = useRef(new Map<string, (has: boolean) => void>());
  const report = useCallback((form: string) => {
    let reporter = reporters.current.get(form);
    if (reporter === undefined) {
      reporter = (has: boolean) => { setShown((s) => (s[form] === has ? s : { ...s, [form]: has })); };
      reporters.current.set(form, reporter);
    }
    return reporter;
  }, []);
  return { any: Object.values(shown).some(Boolean), report };
}
