import { type SyntheticEvent, useState } from 'react';
import { breakGlass } from './access-api.js';
import { ApiError, problemText } from './api.js';
import { ErrorSummary, type FieldError } from './error-summary.js';
import { describedBy, fieldErrorsOf, FormField } from './form-field.js';
import { SignInNeeded } from './load-error.js';
import { isCareRole } from './roles.js';
import { personPath } from './routes.js';
import { useSession } from './session-context.js';
import { usePageTitle } from './use-page-title.js';
import { WarningCallout } from './warning-callout.js';

/** How long emergency access may last, in hours (the server's limits: 1 to 12, 4 unless you choose). */
const hourChoices = Array.from({ length: 12 }, (_, i) => i + 1);
const defaultHours = 4;

/** The server's body fields, the form's fields and what to say when one is wrong. */
const fields = {
  nhsNumber: { id: 'nhs-number', message: 'Enter an NHS number of 10 digits, like 485 777 3456' },
  reason: { id: 'reason', message: 'Say why you need this record now, in at least 10 characters' },
  hours: { id: 'hours', message: 'Choose how long you need the record, from 1 to 12 hours' },
} as const;

/** What went wrong, as errors of the fields (or of the whole request, with no field). */
function errorsOf(error: unknown): FieldError[] {
  if (error instanceof ApiError) {
    if (error.status === 400) return fieldErrorsOf(error, fields, fields.nhsNumber.id);
    if (error.problem?.code === 'person_not_found') {
      return [{ fieldId: fields.nhsNumber.id, message: 'No one with this NHS number is held in the shared care record: check the number' }];
    }
  }
  return [{ fieldId: '', message: `Emergency access was not given. ${problemText(error)}` }];
}

function hoursText(hours: number): string {
  return hours === 1 ? '1 hour' : `${String(hours)} hours`;
}

/**
 * Emergency access ("break-glass"): a member of staff who needs a record they have no relationship
 * with gives the person's NHS number and a reason, and sees the record for the hours chosen.
 */
export function EmergencyAccessPage() {
  const session = useSession();
  const [nhsNumber, setNhsNumber] = useState('');
  const [reason, setReason] = useState('');
  const [hours, setHours] = useState(defaultHours);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [signInNeeded, setSignInNeeded] = useState(false);
  const [busy, setBusy] = useState(false);
  usePageTitle(errors.length > 0 ? 'Error: Emergency access' : 'Emergency access');

  if (session === null || signInNeeded) {
    return (
      <>
        <SignInNeeded what="emergency access page" />
        <h1>Emergency access</h1>
      </>
    );
  }
  if (!isCareRole(session.signedIn.role)) {
    return (
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-two-thirds">
          <h1>Emergency access</h1>
          <p>Emergency access is for staff who care for people. Your role ({session.signedIn.roleName}) does not read people’s records.</p>
        </div>
      </div>
    );
  }

  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      const granted = await breakGlass({ nhsNumber: nhsNumber.trim(), reason: reason.trim(), hours });
      window.location.assign(personPath(granted.personId));
    } catch (error) {
      setBusy(false);
      if (error instanceof ApiError && error.status === 401) setSignInNeeded(true);
      else setErrors(errorsOf(error));
    }
  };
  const errorOf = (id: string) => errors.filter((e) => e.fieldId === id).map((e) => e.message).join('. ') || undefined;
  const nhsError = errorOf(fields.nhsNumber.id);
  const reasonError = errorOf(fields.reason.id);
  const hoursError = errorOf(fields.hours.id);
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        {errors.length > 0 && <ErrorSummary errors={errors} />}
        <h1>Emergency access</h1>
        <p>
          Use emergency access only when you need someone’s record now to care for them, and you have no relationship with them that lets you see
          it: for example, they are brought to you unconscious, or their GP practice is closed.
        </p>
        <WarningCallout heading="Emergency access is logged and reviewed">
          <p>Your name, your role, your organisation and your reason are recorded, and the person can see them.</p>
          <p>The information governance lead reviews every emergency access and asks about any that were not needed.</p>
          <p className="nhsuk-u-margin-bottom-0">Your access ends after the time you choose.</p>
        </WarningCallout>
        <form noValidate onSubmit={(e) => void submit(e)}>
          <FormField id={fields.nhsNumber.id} label="NHS number" hint="For example, 485 777 3456" error={nhsError}>
            <input
              className={`nhsuk-input nhsuk-input--width-10${nhsError !== undefined ? ' nhsuk-input--error' : ''}`}
              id={fields.nhsNumber.id} name="nhsNumber" type="text" inputMode="numeric" spellCheck={false} autoComplete="off"
              value={nhsNumber} aria-describedby={describedBy(fields.nhsNumber.id, true, nhsError)}
              onChange={(e) => { setNhsNumber(e.target.value); }}
            />
          </FormField>
          <FormField id={fields.reason.id} label="Why you need this record now" hint="Say what is happening and what you need to know. The person will see this." error={reasonError}>
            <textarea
              className={`nhsuk-textarea${reasonError !== undefined ? ' nhsuk-textarea--error' : ''}`}
              id={fields.reason.id} name="reason" rows={4} maxLength={2000}
              value={reason} aria-describedby={describedBy(fields.reason.id, true, reasonError)}
              onChange={(e) => { setReason(e.target.value); }}
            />
          </FormField>
          <FormField id={fields.hours.id} label="How long you need it" hint="Choose the shortest time that lets you give the care needed." error={hoursError}>
            <select
              className={`nhsuk-select${hoursError !== undefined ? ' nhsuk-select--error' : ''}`}
              id={fields.hours.id} name="hours" value={hours} aria-describedby={describedBy(fields.hours.id, true, hoursError)}
              onChange={(e) => { setHours(Number(e.target.value)); }}
            >
              {hourChoices.map((h) => (
                <option key={h} value={h}>{hoursText(h)}</option>
              ))}
            </select>
          </FormField>
          <button className="nhsuk-button nhsuk-button--warning" type="submit" disabled={busy}>
            See the record now
          </button>
        </form>
      </div>
    </div>
  );
}
