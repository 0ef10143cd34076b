import type { ReactNode } from 'react';
import { formatDate, formatNhsNumber } from './format.js';
import type { ReviewIdentity, ReviewItem } from './linkage.js';
import { ResponsiveCell, ResponsiveHead } from './responsive-table.js';
import { personPath } from './routes.js';
import { Tag } from './tag.js';

const notHeld = 'Not held';

/** A weight in bits with its sign: 9.4 → "+9.4", −1.5 → "−1.5". */
export function formatWeight(weight: number): string {
  const rounded = Math.round(weight * 10) / 10;
  if (rounded === 0) return '0.0';
  return `${rounded > 0 ? '+' : '−'}${Math.abs(rounded).toFixed(1)}`;
}

/** Which way a weight points: for a match, against it, or neither. */
function Evidence({ weight }: { weight: number }) {
  const rounded = Math.round(weight * 10) / 10;
  if (rounded > 0) return <Tag colour="green">For</Tag>;
  if (rounded < 0) return <Tag colour="red">Against</Tag>;
  return <Tag colour="grey">Neither</Tag>;
}

const details: readonly { label: string; value: (i: ReviewIdentity) => ReactNode }[] = [
  { label: 'System', value: (i) => i.source.name },
  { label: 'Local ID', value: (i) => <code>{i.localId}</code> },
  { label: 'Name', value: (i) => i.name ?? notHeld },
  { label: 'Date of birth', value: (i) => (i.birthDate === null ? notHeld : formatDate(i.birthDate)) },
  { label: 'Sex', value: (i) => (i.sex === null ? notHeld : `${i.sex.charAt(0).toUpperCase()}${i.sex.slice(1)}`) },
  { label: 'NHS number', value: (i) => (i.nhsNumber === null ? notHeld : <span className="nhsuk-u-nowrap">{formatNhsNumber(i.nhsNumber)}</span>) },
  { label: 'Address', value: (i) => i.address ?? notHeld },
  { label: 'Postcode', value: (i) => i.postcode ?? notHeld },
  { label: 'Person', value: (i) => <a href={personPath(i.personId)}>Person {i.personId}</a> },
];

const sides = [
  { heading: 'Detail' },
  { heading: 'Arriving record' },
  { heading: 'Possible match' },
];

const evidenceColumns = [
  { heading: 'Field' },
  { heading: 'Arriving record' },
  { heading: 'Possible match' },
  { heading: 'Comparison' },
  { heading: 'Weight (bits)', numeric: true },
  { heading: 'Evidence' },
];

/**
 * The two records of a pair side by side, then the linkage evidence field by field: each field's
 * comparison level and its weight in bits (Fellegi–Sunter log2 m/u: positive for a match, negative
 * against), the prior's weight before any field, and the total that gives the match probability.
 */
export function ReviewComparison({ item }: { item: ReviewItem }) {
  const { explanation } = item;
  return (
    <>
      <table className="nhsuk-table nhsuk-table--responsive" role="table">
        <caption className="nhsuk-table__caption nhsuk-table__caption--m">The two records side by side</caption>
        <ResponsiveHead columns={sides} />
        <tbody className="nhsuk-table__body">
          {details.map((d) => (
            <tr key={d.label} className="nhsuk-table__row" role="row">
              <ResponsiveCell heading="Detail">
                <strong>{d.label}</strong>
              </ResponsiveCell>
              <ResponsiveCell heading="Arriving record">{d.value(item.identity)}</ResponsiveCell>
              <ResponsiveCell heading="Possible match">{d.value(item.candidate)}</ResponsiveCell>
            </tr>
          ))}
        </tbody>
      </table>
      <table className="nhsuk-table nhsuk-table--responsive" role="table">
        <caption className="nhsuk-table__caption nhsuk-table__caption--m">Evidence, field by field</caption>
        <ResponsiveHead columns={evidenceColumns} />
        <tbody className="nhsuk-table__body">
          <EvidenceRow label="Prior" comparison="How likely any two records are to match, before comparing them" weight={explanation.prior} />
          {explanation.fields.map((f) => (
            <EvidenceRow key={f.field} label={f.label} left={f.left ?? notHeld} right={f.right ?? notHeld} comparison={f.level} weight={f.weight} />
          ))}
          <EvidenceRow label="Match weight" comparison="The prior and every field together" weight={item.matchWeight} total />
        </tbody>
      </table>
    </>
  );
}

/** One line of the evidence: what was compared, how it compared, and its weight for or against. */
function EvidenceRow(props: { label: string; left?: ReactNode; right?: ReactNode; comparison: string; weight: number; total?: boolean }): ReactNode {
  const weight = formatWeight(props.weight);
  return (
    <tr className="nhsuk-table__row" role="row">
      <ResponsiveCell heading="Field">
        <strong>{props.label}</strong>
      </ResponsiveCell>
      <ResponsiveCell heading="Arriving record">{props.left ?? '–'}</ResponsiveCell>
      <ResponsiveCell heading="Possible match">{props.right ?? '–'}</ResponsiveCell>
      <ResponsiveCell heading="Comparison">{props.comparison}</ResponsiveCell>
      <ResponsiveCell heading="Weight (bits)" numeric>
        {props.total === true ? <strong>{weight}</strong> : weight}
      </ResponsiveCell>
      <ResponsiveCell heading="Evidence">
        <Evidence weight={props.weight} />
      </ResponsiveCell>
    </tr>
  );
}
