import { formatBirthDateAndAge, formatDate, formatDateOrDateTime, formatNhsNumber } from './format.js';
import type { Alert, PersonHeader as Header, Sex } from './person.js';
import { SummaryRow } from './summary-row.js';

const notKnown = 'Not known';

const sexes: ReadonlyMap<Sex, string> = new Map([
  ['female', 'Female'],
  ['male', 'Male'],
  ['other', 'Other'],
  ['unknown', 'Not known'],
]);

function address(header: Header): string {
  const parts = [header.address, header.postcode].filter((part): part is string => part !== null && part !== '');
  // The one-line address may already end with the postcode.
  if (parts.length === 2 && parts[0]?.toUpperCase().endsWith((parts[1] ?? '').toUpperCase()) === true) parts.pop();
  return parts.length === 0 ? notKnown : parts.join(', ');
}

function practice(header: Header): string {
  const { practice: gp } = header;
  if (gp === null) return notKnown;
  return gp.name === null ? gp.code : `${gp.name} (${gp.code})`;
}

/** An alert (a risk to the person or to those visiting them) as an NHS warning callout. */
function AlertCallout({ alert }: { alert: Alert }) {
  return (
    <div className="nhsuk-card nhsuk-card--warning">
      <div className="nhsuk-card__content">
        <h2 className="nhsuk-card__heading">
          <span className="nhsuk-u-visually-hidden">Important: </span>Alert from {alert.source.name}
        </h2>
        <p className="nhsuk-card__description">{alert.text}</p>
        {alert.since !== null && <p className="nhsuk-body-s">Since {formatDateOrDateTime(alert.since)}</p>}
      </div>
    </div>
  );
}

/** Who the person is: name, NHS number, date of birth and age, address and GP practice, and any alerts. */
export function PersonHeader({ header }: { header: Header }) {
  return (
    <>
      <span className="nhsuk-caption-l">Shared care record</span>
      <h1>{header.name}</h1>
      {header.deceased !== null && (
        <p>
          <strong className="nhsuk-tag nhsuk-tag--grey">Died on {formatDate(header.deceased)}</strong>
        </p>
      )}
      {header.alerts.map((alert, index) => (
        <AlertCallout alert={alert} key={`${alert.source.id}-${index}`} />
      ))}
      <dl className="nhsuk-summary-list">
        <SummaryRow label="NHS number">
          {header.nhsNumber === null ? notKnown : <span className="nhsuk-u-nowrap">{formatNhsNumber(header.nhsNumber)}</span>}
        </SummaryRow>
        <SummaryRow label="Date of birth">{formatBirthDateAndAge(header.birthDate, header.age) ?? notKnown}</SummaryRow>
        <SummaryRow label="Sex">{header.sex === null ? notKnown : (sexes.get(header.sex) ?? header.sex)}</SummaryRow>
        <SummaryRow label="Address">{address(header)}</SummaryRow>
        <SummaryRow label="GP practice">{practice(header)}</SummaryRow>
        {header.deceased !== null && <SummaryRow label="Date of death">{formatDate(header.deceased)}</SummaryRow>}
      </dl>
    </>
  );
}
