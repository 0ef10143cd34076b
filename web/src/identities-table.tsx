import { formatDate, formatNhsNumber } from './format.js';
import type { Identity, LinkedBy } from './person.js';
import { ResponsiveTable, type TableColumn } from './responsive-table.js';

const notHeld = 'Not held';

const linkedBy: ReadonlyMap<LinkedBy, string> = new Map([
  ['nhs-number', 'NHS number'],
  ['own-record', 'Own record'],
  ['probabilistic', 'Record linkage'],
  ['reviewer', 'Reviewer'],
]);

const columns: readonly TableColumn<Identity>[] = [
  { heading: 'System', cell: (identity) => identity.source.name },
  { heading: 'Local ID', cell: (identity) => <code>{identity.localId}</code> },
  {
    heading: 'NHS number',
    cell: (identity) =>
      identity.nhsNumber === null ? notHeld : <span className="nhsuk-u-nowrap">{formatNhsNumber(identity.nhsNumber)}</span>,
  },
  { heading: 'Name', cell: (identity) => identity.name ?? notHeld },
  { heading: 'Date of birth', cell: (identity) => (identity.birthDate === null ? notHeld : formatDate(identity.birthDate)) },
  { heading: 'Postcode', cell: (identity) => identity.postcode ?? notHeld },
  { heading: 'Linked by', cell: (identity) => linkedBy.get(identity.linkedBy) ?? identity.linkedBy },
];

/**
 * The record each source system holds of the person, with the details as that system has them, so a
 * wrong link or a stale copy can be seen.
 */
export function IdentitiesTable({ identities }: { identities: readonly Identity[] }) {
  return (
    <section aria-labelledby="identities-heading">
      <h2 id="identities-heading">Records in each system</h2>
      {identities.length === 0 ? (
        <p>No source system’s record is linked to this person.</p>
      ) : (
        <ResponsiveTable
          caption="The record each system holds of this person"
          captionHidden
          columns={columns}
          rows={identities}
          rowKey={(identity) => `${identity.source.id}/${identity.localId}`}
        />
      )}
    </section>
  );
}
