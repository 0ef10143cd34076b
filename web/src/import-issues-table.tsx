import type { ReactNode } from 'react';
import type { ImportIssue, IssueLocation } from './imports.js';
import { ResponsiveTable, type TableColumn } from './responsive-table.js';
import { Tag } from './tag.js';

/** Where an issue is: file, line (or Bundle entry) and field, each on its own line, whichever are known. */
function Location({ location }: { location: IssueLocation }) {
  const parts: ReactNode[] = [];
  if (location.file !== null) parts.push(<span key="file">{location.file}</span>);
  if (location.line !== null) parts.push(<span key="line">Line {location.line}</span>);
  // A Bundle's entries are numbered from 0, so the index is shown as FHIRPath writes it.
  if (location.entry !== null) parts.push(<span key="entry">Entry <code>entry[{location.entry}]</code></span>);
  if (location.field !== null) parts.push(<code key="field">{location.field}</code>);
  if (parts.length === 0) return <>The whole file</>;
  return (
    <span className="app-stack">
      {parts}
    </span>
  );
}

const columns: readonly TableColumn<ImportIssue>[] = [
  { heading: 'Where', cell: (issue) => <Location location={issue.location} /> },
  { heading: 'Code', cell: (issue) => <code>{issue.code}</code> },
  { heading: 'Problem', cell: (issue) => issue.message },
  {
    heading: 'Outcome',
    cell: (issue) => (issue.rejected ? <Tag colour="red">Rejected</Tag> : <Tag colour="yellow">Kept</Tag>),
  },
];

/** One page of an import's data-quality issues. */
export function ImportIssuesTable({ issues, first }: { issues: readonly ImportIssue[]; first: number }) {
  return (
    <ResponsiveTable
      caption="Data-quality issues"
      captionHidden
      columns={columns}
      rows={issues}
      rowKey={(_, index) => String(first + index)}
    />
  );
}
