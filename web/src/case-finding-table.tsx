import type { ReactNode } from 'react';
import { ageOn, changeText, exclusionReasonText, formatRisk, type RiskFactor, type WorklistEntry, type WorklistStatus } from './case-finding.js';
import { DateTime } from './date-time.js';
import { formatNhsNumber } from './format.js';
import { ResponsiveCell, ResponsiveHead } from './responsive-table.js';
import { personPath } from './routes.js';
import { Tag } from './tag.js';

/** What the person using the list chose to do with someone on it. */
export interface Chosen {
  personId: string;
  action: 'exclude' | 'enrol';
}

/** The reasons shown for each person on the list: the few that raise their risk most. */
const reasonsShown = 3;

const captions: Readonly<Record<WorklistStatus, string>> = {
  listed: 'On the list, highest risk first',
  excluded: 'Excluded from the list, highest risk first',
  enrolled: 'Enrolled in case management, highest risk first',
};

/** What raises the person's risk most above the population's average, as a short list. */
export function RiskFactors({ factors, limit }: { factors: readonly RiskFactor[]; limit?: number }) {
  if (factors.length === 0) return <>No single reason stands out</>;
  return (
    <ul className="nhsuk-list nhsuk-list--bullet nhsuk-u-margin-bottom-0">
      {factors.slice(0, limit).map((f) => <li key={f.group}>{f.text}</li>)}
    </ul>
  );
}

function RiskCell({ entry }: { entry: WorklistEntry }) {
  const change = changeText(entry);
  return (
    <span className="app-stack">
      <strong>{formatRisk(entry.probability)}</strong>
      {change !== null && <span><Tag colour={entry.change === 'new' ? 'blue' : 'orange'}>{change}</Tag></span>}
    </span>
  );
}

/** The team's decision: why they were excluded or who coordinates their care, with who decided and when. */
export function DecisionSummary({ entry }: { entry: WorklistEntry }) {
  const { decision } = entry;
  if (decision === null) return <>No decision yet</>;
  return (
    <span className="app-stack">
      <span>{decision.kind === 'enrolled' ? `Coordinator: ${decision.coordinator ?? 'not recorded'}` : exclusionReasonText(decision.reason)}</span>
      {decision.note !== null && <span>“{decision.note}”</span>}
      <span className="nhsuk-body-s nhsuk-u-secondary-text-colour nhsuk-u-margin-bottom-0">
        By {decision.decidedBy}, <DateTime iso={decision.decidedAt} />
      </span>
    </span>
  );
}

const small = 'nhsuk-button nhsuk-button--secondary nhsuk-button--small nhsuk-u-margin-bottom-0';

function Actions({ entry, busy, onChoose, onReturn }: { entry: WorklistEntry; busy: boolean; onChoose: (chosen: Chosen) => void; onReturn: (entry: WorklistEntry) => void }) {
  const name = entry.name ?? 'this person';
  if (entry.status !== 'listed') {
    return (
      <button type="button" className={small} disabled={busy} onClick={() => { onReturn(entry); }}>
        Return<span className="nhsuk-u-visually-hidden"> {name}</span> to the list
      </button>
    );
  }
  return (
    <span className="app-actions">
      <button type="button" className={small} disabled={busy} onClick={() => { onChoose({ personId: entry.personId, action: 'exclude' }); }}>
        Exclude<span className="nhsuk-u-visually-hidden"> {name}</span>
      </button>
      <button type="button" className={small} disabled={busy} onClick={() => { onChoose({ personId: entry.personId, action: 'enrol' }); }}>
        Enrol<span className="nhsuk-u-visually-hidden"> {name}</span>
      </button>
    </span>
  );
}

/**
 * A practice's list, highest risk first: each person's place, who they are, their risk and what
 * changed, and why they are on the list (or the team's decision), with what can be done; the form
 * for the person chosen opens in the row beneath them.
 */
export function WorklistTable({ entries, status, today, busy, chosen, form, onChoose, onReturn }: {
  entries: readonly WorklistEntry[];
  status: WorklistStatus;
  /** Today (YYYY-MM-DD), for ages. */
  today: string;
  busy: boolean;
  chosen: Chosen | null;
  /** The open form, shown beneath the chosen person. */
  form: ReactNode;
  onChoose: (chosen: Chosen) => void;
  onReturn: (entry: WorklistEntry) => void;
}) {
  const columns = [
    { heading: 'Rank', numeric: true }, { heading: 'Name' }, { heading: 'NHS number' }, { heading: 'Age', numeric: true }, { heading: 'Risk' },
    { heading: status === 'listed' ? 'Why on the list' : 'Decision' }, { heading: 'Action' },
  ];
  return (
    <table className="nhsuk-table nhsuk-table--responsive" role="table">
      <caption className="nhsuk-table__caption nhsuk-table__caption--m">{captions[status]}</caption>
      <ResponsiveHead columns={columns} />
      <tbody className="nhsuk-table__body">
        {entries.flatMap((entry) => {
          const age = entry.birthDate === null ? undefined : ageOn(entry.birthDate, today);
          const row = (
            <tr className={`nhsuk-table__row${chosen?.personId === entry.personId ? ' app-review-row--selected' : ''}`} role="row" key={entry.personId}>
              <ResponsiveCell heading="Rank" numeric>{entry.rank}</ResponsiveCell>
              <ResponsiveCell heading="Name"><a href={personPath(entry.personId)}>{entry.name ?? 'Name not recorded'}</a></ResponsiveCell>
              <ResponsiveCell heading="NHS number">
                {entry.nhsNumber === null ? 'Not recorded' : <span className="nhsuk-u-nowrap">{formatNhsNumber(entry.nhsNumber)}</span>}
              </ResponsiveCell>
              <ResponsiveCell heading="Age" numeric>{age === undefined ? 'Not known' : age}</ResponsiveCell>
              <ResponsiveCell heading="Risk"><RiskCell entry={entry} /></ResponsiveCell>
              {status === 'listed' ? (
                <ResponsiveCell heading="Why on the list"><RiskFactors factors={entry.factors} limit={reasonsShown} /></ResponsiveCell>
              ) : (
                <ResponsiveCell heading="Decision"><DecisionSummary entry={entry} /></ResponsiveCell>
              )}
              <ResponsiveCell heading="Action"><Actions entry={entry} busy={busy} onChoose={onChoose} onReturn={onReturn} /></ResponsiveCell>
            </tr>
          );
          if (chosen?.personId !== entry.personId) return [row];
          return [
            row,
            <tr className="nhsuk-table__row" role="row" key={`${entry.personId}-form`}>
              <td className="nhsuk-table__cell app-worklist-form" role="cell" colSpan={columns.length}>{form}</td>
            </tr>,
          ];
        })}
      </tbody>
    </table>
  );
}
