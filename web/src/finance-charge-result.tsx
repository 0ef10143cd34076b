import './finance.css';
import type { ChargeResult } from './finance.js';
import { formatPence, homeSummaryOf } from './finance.js';
import { SummaryRow } from './summary-row.js';
import { WarningCallout } from './warning-callout.js';

/** Totals and the result stand out from the lines they add up, as on a letter. */
const emphasised = (line: ChargeResult['lines'][number]): boolean => line.kind === 'total' || line.kind === 'result';

/**
 * The calculation as a council's letter shows it: each line of the working in order, then what the
 * person pays each week, what the council pays, the tariff income counted from capital, what
 * became of a care home resident's former home (with the deferred payment agreement), and, when the
 * person's capital is over the upper limit, that they pay the full cost themselves.
 */
export function ChargeLetter({ result }: { result: ChargeResult }) {
  const home = homeSummaryOf(result);
  const homeCounted = (result.property?.counted_pence ?? 0) > 0;
  return (
    <>
      {result.self_funder && (
        <WarningCallout heading="The person pays the full cost of their care">
          <p>
            Their capital{homeCounted ? ', with the value of their former home,' : ''} is over the upper capital limit, so they are a self-funder: they
            pay the full cost, and may ask the council to arrange their care (Care Act 2014, section 18(3)).
          </p>
          {homeCounted && result.deferred_payment?.must_offer === true && (
            <p>The council must offer a deferred payment agreement, so the cost can be paid from the home’s value later (Care Act 2014, section 34).</p>
          )}
        </WarningCallout>
      )}
      <dl className="nhsuk-summary-list">
        <SummaryRow label="Weekly charge">
          <strong>{formatPence(result.weekly_charge_pence)}</strong>
        </SummaryRow>
        <SummaryRow label="Council pays">{formatPence(result.council_pays_pence)} a week</SummaryRow>
        <SummaryRow label="Tariff income">{formatPence(result.tariff_income_pence)} a week</SummaryRow>
      </dl>
      {home.length > 0 && (
        <>
          <h3>The former home</h3>
          <dl className="nhsuk-summary-list">
            {home.map((row) => (
              <SummaryRow key={row.label} label={row.label}>
                {row.value}
                {row.detail !== undefined && <span className="nhsuk-body-s app-finance-detail">{row.detail}</span>}
              </SummaryRow>
            ))}
          </dl>
        </>
      )}
      <table className="nhsuk-table">
        <caption className="nhsuk-table__caption nhsuk-table__caption--s">How the charge is worked out</caption>
        <thead className="nhsuk-table__head">
          <tr className="nhsuk-table__row">
            <th className="nhsuk-table__header" scope="col">Line</th>
            <th className="nhsuk-table__header nhsuk-table__header--numeric" scope="col">Amount</th>
          </tr>
        </thead>
        <tbody className="nhsuk-table__body">
          {result.lines.map((line, index) => (
            // A letter may repeat a label: its place is what tells lines apart.
            <tr className="nhsuk-table__row" key={`${String(index)}:${line.label}`}>
              <td className="nhsuk-table__cell">{emphasised(line) ? <strong>{line.label}</strong> : line.label}</td>
              <td className="nhsuk-table__cell nhsuk-table__cell--numeric app-finance-money">{emphasised(line) ? <strong>{formatPence(line.amount_pence)}</strong> : formatPence(line.amount_pence)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
