import { Fragment, type SyntheticEvent, useEffect, useRef, useState } from 'react';
import type { ApiError } from './api.js';
import { type ExclusionReason, exclusionReasons, type RiskDecisionInput, type WorklistEntry } from './case-finding.js';
import type { FieldError } from './error-summary.js';
import { describedBy, fieldErrorsOf, FieldErrorMessage, FormField } from './form-field.js';

/** The decision forms' fields (one form is open at a time), by the body path the server names a problem by. */
export const decisionFields = {
  reason: { id: 'decision-reason', message: 'Choose why they come off the list' },
  note: { id: 'decision-note', message: 'Say what the other reason is' },
  coordinator: { id: 'decision-coordinator', message: 'Enter the username of a member of staff who cares for people, such as a care coordinator' },
} as const;

/** The 400's field problems as errors of the open decision form. */
export function decisionErrors(error: ApiError): FieldError[] {
  return fieldErrorsOf(error, decisionFields, '');
}

/** What the forms share: the person decided on, whether a change is being saved, and the page's errors. */
interface DecisionFormProps {
  entry: WorklistEntry;
  busy: boolean;
  errorOf: (id: string) => string | undefined;
  onInvalid: (errors: FieldError[]) => void;
  onSubmit: (input: RiskDecisionInput) => Promise<boolean>;
  onCancel: () => void;
}

/** The form's heading, which takes focus when the form opens so the person knows where they are. */
function FormHeading({ id, children }: { id: string; children: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <h2 className="nhsuk-heading-m" id={id} tabIndex={-1} ref={ref}>
      {children}
    </h2>
  );
}

function Buttons({ submit, busy, onCancel }: { submit: string; busy: boolean; onCancel: () => void }) {
  return (
    <div className="nhsuk-button-group">
      <button className="nhsuk-button" type="submit" disabled={busy}>{submit}</button>
      <button className="nhsuk-button nhsuk-button--secondary" type="button" disabled={busy} onClick={onCancel}>Cancel</button>
    </div>
  );
}

const nameOf = (entry: WorklistEntry): string => entry.name ?? 'this person';

/**
 * Taking a person off the list, with why: already case-managed, at the end of life, opted out of
 * case-finding, or another reason (said in a note). High risk is not the same as preventable risk.
 */
export function ExcludeForm({ entry, busy, errorOf, onInvalid, onSubmit, onCancel }: DecisionFormProps) {
  const [reason, setReason] = useState<ExclusionReason | null>(null);
  const [note, setNote] = useState('');
  const f = decisionFields;
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    const problems: FieldError[] = [];
    if (reason === null) problems.push({ fieldId: f.reason.id, message: f.reason.message });
    if (reason === 'other' && note.trim() === '') problems.push({ fieldId: f.note.id, message: f.note.message });
    if (problems.length > 0 || reason === null) {
      onInvalid(problems);
      return;
    }
    void onSubmit({ decision: 'exclude', reason, ...(reason === 'other' ? { note: note.trim() } : {}) });
  };
  const reasonError = errorOf(f.reason.id);
  const noteError = errorOf(f.note.id);
  const heading = `exclude-${entry.personId}-heading`;
  return (
    <form noValidate onSubmit={submit} aria-labelledby={heading}>
      <FormHeading id={heading}>{`Exclude ${nameOf(entry)} from the list`}</FormHeading>
      <div className={`nhsuk-form-group${reasonError !== undefined ? ' nhsuk-form-group--error' : ''}`}>
        <fieldset className="nhsuk-fieldset" aria-describedby={describedBy(f.reason.id, true, reasonError)}>
          <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Why they come off the list</legend>
          <div className="nhsuk-hint" id={`${f.reason.id}-hint`}>They stay off the lists of later runs until someone returns them to the list.</div>
          <FieldErrorMessage id={f.reason.id} error={reasonError} />
          <div className="nhsuk-radios nhsuk-radios--conditional">
            {exclusionReasons.map(({ value, label }, index) => {
              const inputId = index === 0 ? f.reason.id : `${f.reason.id}-${value}`;
              return (
                <Fragment key={value}>
                  <div className="nhsuk-radios__item">
                    <input
                      className="nhsuk-radios__input" id={inputId} name="reason" type="radio" value={value} checked={reason === value}
                      {...(value === 'other' ? { 'aria-controls': `conditional-${inputId}` } : {})}
                      onChange={() => { setReason(value); }}
                    />
                    <label className="nhsuk-label nhsuk-radios__label" htmlFor={inputId}>{label}</label>
                  </div>
                  {value === 'other' && (
                    <div className={`nhsuk-radios__conditional${reason === 'other' ? '' : ' nhsuk-radios__conditional--hidden'}`} id={`conditional-${inputId}`}>
                      <FormField id={f.note.id} label="What the other reason is" error={noteError}>
                        <textarea
                          className={`nhsuk-textarea${noteError !== undefined ? ' nhsuk-textarea--error' : ''}`}
                          id={f.note.id} name="note" rows={3} maxLength={1000} value={note}
                          aria-describedby={describedBy(f.note.id, false, noteError)}
                          onChange={(e) => { setNote(e.target.value); }}
                        />
                      </FormField>
                    </div>
                  )}
                </Fragment>
              );
            })}
          </div>
        </fieldset>
      </div>
      <Buttons submit="Exclude from the list" busy={busy} onCancel={onCancel} />
    </form>
  );
}

/** Enrolling a person in case management with a named coordinator, who joins their care team and so sees their record. */
export function EnrolForm({ entry, busy, errorOf, onInvalid, onSubmit, onCancel }: DecisionFormProps) {
  const [username, setUsername] = useState('');
  const [note, setNote] = useState('');
  const f = decisionFields;
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (username.trim() === '') {
      onInvalid([{ fieldId: f.coordinator.id, message: 'Enter the coordinator’s username' }]);
      return;
    }
    void onSubmit({ decision: 'enrol', coordinator: username.trim(), ...(note.trim() !== '' ? { note: note.trim() } : {}) });
  };
  const coordinatorError = errorOf(f.coordinator.id);
  const noteError = errorOf(f.note.id);
  const heading = `enrol-${entry.personId}-heading`;
  return (
    <form noValidate onSubmit={submit} aria-labelledby={heading}>
      <FormHeading id={heading}>{`Enrol ${nameOf(entry)} in case management`}</FormHeading>
      <FormField
        id={f.coordinator.id} label="The coordinator’s username" error={coordinatorError}
        hint="The username they sign in with. They join the person’s care team, and so can see their record."
      >
        <input
          className={`nhsuk-input nhsuk-u-width-two-thirds${coordinatorError !== undefined ? ' nhsuk-input--error' : ''}`}
          id={f.coordinator.id} name="coordinator" type="text" autoComplete="off" spellCheck={false} maxLength={128} value={username}
          aria-describedby={describedBy(f.coordinator.id, true, coordinatorError)}
          onChange={(e) => { setUsername(e.target.value); }}
        />
      </FormField>
      <FormField id={f.note.id} label="Note (optional)" hint="For example: what the coordinator will do first." error={noteError}>
        <textarea
          className={`nhsuk-textarea${noteError !== undefined ? ' nhsuk-textarea--error' : ''}`}
          id={f.note.id} name="note" rows={3} maxLength={1000} value={note}
          aria-describedby={describedBy(f.note.id, true, noteError)}
          onChange={(e) => { setNote(e.target.value); }}
        />
      </FormField>
      <Buttons submit="Enrol" busy={busy} onCancel={onCancel} />
    </form>
  );
}
