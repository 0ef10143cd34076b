import { Fragment, type ReactNode, type SyntheticEvent, useState } from 'react';
import type { Organisation } from './access.js';
import type { ApiError } from './api.js';
import type { FieldError } from './error-summary.js';
import { describedBy, fieldErrorsOf, FieldErrorMessage, FormField } from './form-field.js';
import type { NewCareTeamMember } from './relationships-api.js';

type Kind = 'organisation' | 'team' | 'colleague';

/** The form's fields: the body path the server names a problem by, the field's id, and words for "must …" problems. */
export const careTeamFields = {
  kind: { id: 'care-team-kind', message: 'Choose who joins the care team' },
  organisationId: { id: 'care-team-organisation', message: 'Choose the organisation' },
  teamId: { id: 'care-team-team', message: 'Enter the team’s ID' },
  username: { id: 'care-team-username', message: 'Enter the username of a colleague who cares for people' },
  reason: { id: 'care-team-reason', message: 'Say why they join the care team' },
} as const;

/** The 400's field problems as errors of this form's fields. */
export function careTeamErrors(error: ApiError): FieldError[] {
  return fieldErrorsOf(error, careTeamFields, careTeamFields.kind.id);
}

const kinds: readonly { value: Kind; label: string; hint: string }[] = [
  { value: 'organisation', label: 'An organisation', hint: 'Everyone who works for it sees the record.' },
  { value: 'team', label: 'A team', hint: 'Everyone on the team sees the record, whichever organisation they work for.' },
  { value: 'colleague', label: 'A colleague', hint: 'Only they see the record.' },
];

/** What is missing before the form is sent; the server checks the rest. */
function missing(kind: Kind | null, value: string, reason: string): FieldError[] {
  const errors: FieldError[] = [];
  const f = careTeamFields;
  if (kind === null) errors.push({ fieldId: f.kind.id, message: f.kind.message });
  else if (value === '') {
    const field = kind === 'organisation' ? f.organisationId : kind === 'team' ? f.teamId : { id: f.username.id, message: 'Enter your colleague’s username' };
    errors.push({ fieldId: field.id, message: field.message });
  }
  if (reason === '') errors.push({ fieldId: f.reason.id, message: f.reason.message });
  return errors;
}

function member(kind: Kind, value: string, reason: string): NewCareTeamMember {
  switch (kind) {
    case 'organisation':
      return { organisationId: value, reason };
    case 'team':
      return { teamId: value, reason };
    case 'colleague':
      return { username: value, reason };
  }
}

/**
 * Adding to the person's care team, for the staff who care for them: an organisation (chosen from
 * those the installation knows), a team (by its ID) or a colleague (by username), with why.
 */
export function AddToCareTeamForm({ organisations, busy, errorOf, onInvalid, onSubmit }: {
  organisations: readonly Organisation[];
  busy: boolean;
  errorOf: (id: string) => string | undefined;
  onInvalid: (errors: FieldError[]) => void;
  onSubmit: (input: NewCareTeamMember) => Promise<boolean>;
}) {
  const [kind, setKind] = useState<Kind | null>(null);
  const [values, setValues] = useState<Record<Kind, string>>({ organisation: '', team: '', colleague: '' });
  const [reason, setReason] = useState('');
  const f = careTeamFields;
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    const value = kind === null ? '' : values[kind].trim();
    const problems = missing(kind, value, reason.trim());
    if (problems.length > 0 || kind === null) {
      onInvalid(problems);
      return;
    }
    void onSubmit(member(kind, value, reason.trim())).then((saved) => {
      if (!saved) return;
      setKind(null);
      setValues({ organisation: '', team: '', colleague: '' });
      setReason('');
    });
  };
  const set = (k: Kind, value: string) => { setValues((v) => ({ ...v, [k]: value })); };
  const kindError = errorOf(f.kind.id);
  const organisationError = errorOf(f.organisationId.id);
  const teamError = errorOf(f.teamId.id);
  const usernameError = errorOf(f.username.id);
  const reasonError = errorOf(f.reason.id);
  const conditional: Record<Kind, ReactNode> = {
    organisation: (
      <FormField id={f.organisationId.id} label="Organisation" error={organisationError}>
        <select
          className={`nhsuk-select${organisationError !== undefined ? ' nhsuk-select--error' : ''}`}
          id={f.organisationId.id} name="organisationId" value={values.organisation}
          aria-describedby={describedBy(f.organisationId.id, false, organisationError)}
          onChange={(e) => { set('organisation', e.target.value); }}
        >
          <option value="">Choose an organisation</option>
          {organisations.map((o) => <option key={o.id} value={o.id}>{o.name}</option>)}
        </select>
      </FormField>
    ),
    team: (
      <FormField id={f.teamId.id} label="Team ID" hint="As the team was set up, for example bay-integrated-team." error={teamError}>
        <input
          className={`nhsuk-input nhsuk-u-width-two-thirds${teamError !== undefined ? ' nhsuk-input--error' : ''}`}
          id={f.teamId.id} name="teamId" type="text" autoComplete="off" spellCheck={false} maxLength={40} value={values.team}
          aria-describedby={describedBy(f.teamId.id, true, teamError)}
          onChange={(e) => { set('team', e.target.value); }}
        />
      </FormField>
    ),
    colleague: (
      <FormField id={f.username.id} label="Your colleague’s username" hint="The username they sign in with." error={usernameError}>
        <input
          className={`nhsuk-input nhsuk-u-width-two-thirds${usernameError !== undefined ? ' nhsuk-input--error' : ''}`}
          id={f.username.id} name="username" type="text" autoComplete="off" spellCheck={false} maxLength={128} value={values.colleague}
          aria-describedby={describedBy(f.username.id, true, usernameError)}
          onChange={(e) => { set('colleague', e.target.value); }}
        />
      </FormField>
    ),
  };
  return (
    <form noValidate onSubmit={submit} aria-labelledby="add-to-care-team-heading">
      <h2 id="add-to-care-team-heading">Add to the care team</h2>
      <p>Whoever you add sees the person’s record until their place on the care team ends. Add only those who care for the person now.</p>
      <div className={`nhsuk-form-group${kindError !== undefined ? ' nhsuk-form-group--error' : ''}`}>
        <fieldset className="nhsuk-fieldset" aria-describedby={describedBy(f.kind.id, false, kindError)}>
          <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Who joins the care team</legend>
          <FieldErrorMessage id={f.kind.id} error={kindError} />
          <div className="nhsuk-radios nhsuk-radios--conditional">
            {kinds.map(({ value, label, hint }, index) => {
              const inputId = index === 0 ? f.kind.id : `${f.kind.id}-${value}`;
              return (
                <Fragment key={value}>
                  <div className="nhsuk-radios__item">
                    <input
                      className="nhsuk-radios__input" id={inputId} name="kind" type="radio" value={value} checked={kind === value}
                      aria-controls={`conditional-${inputId}`} aria-describedby={`${inputId}-item-hint`}
                      onChange={() => { setKind(value); }}
                    />
                    <label className="nhsuk-label nhsuk-radios__label" htmlFor={inputId}>{label}</label>
                    <div className="nhsuk-hint nhsuk-radios__hint" id={`${inputId}-item-hint`}>{hint}</div>
                  </div>
                  <div className={`nhsuk-radios__conditional${kind === value ? '' : ' nhsuk-radios__conditional--hidden'}`} id={`conditional-${inputId}`}>
                    {conditional[value]}
                  </div>
                </Fragment>
              );
            })}
          </div>
        </fieldset>
      </div>
      <FormField id={f.reason.id} label="Why they join the care team" hint="For example: the district nursing team visits daily for wound care." error={reasonError}>
        <textarea
          className={`nhsuk-textarea${reasonError !== undefined ? ' nhsuk-textarea--error' : ''}`}
          id={f.reason.id} name="reason" rows={3} maxLength={500} value={reason}
          aria-describedby={describedBy(f.reason.id, true, reasonError)}
          onChange={(e) => { setReason(e.target.value); }}
        />
      </FormField>
      <button className="nhsuk-button" type="submit" disabled={busy}>
        Add to the care team
      </button>
    </form>
  );
}
