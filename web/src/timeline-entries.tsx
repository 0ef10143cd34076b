import { formatDate, formatDateOrDateTime, ukCalendarDay } from './format.js';
import type { TimelineEntry } from './person.js';
import { SummaryRow } from './summary-row.js';
import { KindTag } from './tag.js';

/** Entries in runs of the same UK day, keeping the server's newest-first order. */
export function groupByDay(entries: readonly TimelineEntry[]): { day: string; entries: TimelineEntry[] }[] {
  const days: { day: string; entries: TimelineEntry[] }[] = [];
  for (const entry of entries) {
    const day = ukCalendarDay(entry.date);
    const last = days.at(-1);
    if (last?.day === day) last.entries.push(entry);
    else days.push({ day, entries: [entry] });
  }
  return days;
}

/** The element id of an entry's heading, so focus can be moved to it. */
export function entryHeadingId(entry: TimelineEntry): string {
  return `entry-${entry.id.replace(/[^\w-]/g, '_')}`;
}

function When({ entry }: { entry: TimelineEntry }) {
  const start = <time dateTime={entry.date}>{formatDateOrDateTime(entry.date)}</time>;
  if (entry.endDate === null || entry.endDate === entry.date) return start;
  return (
    <>
      {start} to <time dateTime={entry.endDate}>{formatDateOrDateTime(entry.endDate)}</time>
    </>
  );
}

function Entry({ entry }: { entry: TimelineEntry }) {
  const facts = Object.entries(entry.detail);
  return (
    <li className="app-timeline__entry">
      <p className="nhsuk-u-margin-bottom-2">
        <KindTag kind={entry.kind} label={entry.kindLabel} />
      </p>
      <h4 className="nhsuk-heading-xs nhsuk-u-margin-bottom-1" id={entryHeadingId(entry)} tabIndex={-1}>
        {entry.title}
      </h4>
      <p className="nhsuk-body-s nhsuk-u-secondary-text-colour nhsuk-u-margin-bottom-2">
        <When entry={entry} /> · From {entry.source.name}
      </p>
      {facts.length > 0 && (
        <details className="nhsuk-details nhsuk-u-margin-bottom-2">
          <summary className="nhsuk-details__summary">
            <span className="nhsuk-details__summary-text">
              Details<span className="nhsuk-u-visually-hidden"> of {entry.title}</span>
            </span>
          </summary>
          <div className="nhsuk-details__text">
            <dl className="nhsuk-summary-list nhsuk-summary-list--no-last-row-border">
              {facts.map(([label, value]) => (
                <SummaryRow label={label} key={label}>
                  {value}
                </SummaryRow>
              ))}
            </dl>
          </div>
        </details>
      )}
    </li>
  );
}

/** The timeline's entries, newest first, under a heading for each day. */
export function TimelineEntries({ entries }: { entries: readonly TimelineEntry[] }) {
  return (
    <ol className="nhsuk-list app-timeline">
      {groupByDay(entries).map(({ day, entries: onDay }, index) => (
        <li className="app-timeline__day" key={`${day}/${index}`}>
          <h3 className="nhsuk-heading-s app-timeline__date">
            <time dateTime={day}>{formatDate(day)}</time>
          </h3>
          <ul className="nhsuk-list">
            {onDay.map((entry) => (
              <Entry entry={entry} key={entry.id} />
            ))}
          </ul>
        </li>
      ))}
    </ol>
  );
}
