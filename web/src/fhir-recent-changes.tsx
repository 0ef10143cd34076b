import { DateTime } from './date-time.js';
import { fhirBasePath, fhirResourcePath, recentChangesCount } from './fhir-api.js';
import { sentenceCase } from './fhir-capabilities.js';
import type { Change, RecentChange } from './fhir-history.js';
import { NewTabLink } from './new-tab-link.js';
import { ResponsiveTable, type TableColumn } from './responsive-table.js';
import { Tag, type TagColour } from './tag.js';

const changeColours: Readonly<Record<Change, TagColour>> = { created: 'green', updated: 'blue', deleted: 'red' };

/** The version a change made, or (for a deletion, which has no content) the resource's whole history. */
function changePath(change: RecentChange): string {
  const { type, id, version } = change;
  if (change.change === 'deleted') return `${fhirResourcePath(type, id)}/_history`;
  return version === null ? fhirResourcePath(type, id) : fhirResourcePath(type, id, version);
}

const columns: readonly TableColumn<RecentChange>[] = [
  { heading: 'When', cell: (change) => (change.at === null ? 'Not known' : <DateTime iso={change.at} />) },
  {
    heading: 'Resource',
    cell: (change) => (
      <NewTabLink href={changePath(change)}>
        <span className="app-resource-id">
          {change.type}/{change.id}
        </span>
      </NewTabLink>
    ),
  },
  { heading: 'Change', cell: (change) => <Tag colour={changeColours[change.change]}>{sentenceCase(change.change)}</Tag> },
  { heading: 'Version', numeric: true, cell: (change) => change.version ?? 'Not known' },
];

/** The latest changes to any resource of the FHIR API, newest first, each linked to its JSON. */
export function FhirRecentChanges({ changes }: { changes: readonly RecentChange[] }) {
  return (
    <>
      <h2 id="recent-changes">Recent changes</h2>
      {changes.length === 0 ? (
        <div className="nhsuk-inset-text">
          <span className="nhsuk-u-visually-hidden">Information: </span>
          <p>
            Nothing has been written to the FHIR API or imported yet. Changes appear here as clients write and files are
            imported.
          </p>
        </div>
      ) : (
        <>
          <p>
            {changes.length < recentChangesCount ? 'Every change so far' : `The last ${recentChangesCount} changes`} to any
            resource, newest first, whichever system made them. Each resource
            opens as FHIR JSON in a new tab; a deleted one opens at its history.
          </p>
          <ResponsiveTable
            caption="Recent changes, newest first"
            captionHidden
            columns={columns}
            rows={changes}
            rowKey={(change, index) => `${change.type}/${change.id}/${change.version ?? index}`}
          />
        </>
      )}
      <p>
        <NewTabLink href={`${fhirBasePath}/_history`}>The whole history as FHIR JSON</NewTabLink>
      </p>
    </>
  );
}
