import { formatDateOrDateTime } from './format.js';
import type { PersonSummary as Summary, SummaryLine } from './person.js';

function LineItem({ line }: { line: SummaryLine }) {
  return (
    <li>
      {line.text}
      <br />
      <span className="nhsuk-body-s nhsuk-u-secondary-text-colour">
        {line.since === null ? '' : `Since ${formatDateOrDateTime(line.since)} · `}
        From {line.source.name}
      </span>
    </li>
  );
}

/** A summary card: its heading and lines, or "None recorded". */
function SummaryCard({ heading, lines }: { heading: string; lines: readonly SummaryLine[] }) {
  return (
    <li className="nhsuk-grid-column-one-half nhsuk-card-group__item">
      <div className="nhsuk-card">
        <div className="nhsuk-card__content">
          <h3 className="nhsuk-card__heading">{heading}</h3>
          {lines.length === 0 ? (
            <p className="nhsuk-card__description">None recorded</p>
          ) : (
            <ul className="nhsuk-list nhsuk-list--border">
              {lines.map((line, index) => (
                <LineItem line={line} key={`${line.source.id}-${line.code ?? line.text}-${index}`} />
              ))}
            </ul>
          )}
        </div>
      </div>
    </li>
  );
}

/** What matters now, from every source: problems, medications, allergies, services, carers and frailty. */
export function PersonSummary({ summary }: { summary: Summary }) {
  return (
    <section aria-labelledby="summary-heading">
      <h2 id="summary-heading">Summary</h2>
      <ul className="nhsuk-grid-row nhsuk-card-group">
        <SummaryCard heading="Active problems" lines={summary.problems} />
        <SummaryCard heading="Medications" lines={summary.medications} />
        <SummaryCard heading="Allergies" lines={summary.allergies} />
        <SummaryCard heading="Social care services" lines={summary.services} />
        <SummaryCard heading="Unpaid carers" lines={summary.carers} />
        <SummaryCard heading="Frailty" lines={summary.frailty === null ? [] : [summary.frailty]} />
      </ul>
    </section>
  );
}
