import { useCallback, useEffect, useRef, useState } from 'react';
import { LoadError } from './load-error.js';
import type { Timeline, TimelineEntry } from './person.js';
import { fetchTimeline, type TimelineFilter } from './record-api.js';
import { parseTimelineFilter, timelineFilterQuery } from './timeline-filter.js';
import { entryHeadingId, TimelineEntries } from './timeline-entries.js';
import { TimelineFilters } from './timeline-filters.js';
import { useLoad } from './use-load.js';

/** The filter in the page address, kept in step with Back and Forward. */
function useFilterInAddress(): [TimelineFilter, (filter: TimelineFilter) => void] {
  const [filter, setFilter] = useState(() => parseTimelineFilter(window.location.search));
  useEffect(() => {
    const onPopState = () => {
      setFilter(parseTimelineFilter(window.location.search));
    };
    window.addEventListener('popstate', onPopState);
    return () => {
      window.removeEventListener('popstate', onPopState);
    };
  }, []);
  const change = useCallback((next: TimelineFilter) => {
    window.history.pushState(null, '', `${window.location.pathname}${timelineFilterQuery(next)}`);
    setFilter(next);
  }, []);
  return [filter, change];
}

/** Older entries added by "Load more", for the filter they were loaded under. */
interface MorePages {
  key: string;
  entries: TimelineEntry[];
  next: string | null;
}

type MoreState = { status: 'idle' } | { status: 'loading' } | { status: 'failed'; error: unknown };

function describeCount(shown: number, more: boolean, filtered: boolean): string {
  const entries = shown === 1 ? '1 entry' : `${shown} entries`;
  const which = filtered ? ' matching the filter' : '';
  return `Showing ${entries}${which}${more ? ', newest first; older entries can be loaded' : ''}.`;
}

/**
 * Everything recorded about the person by every source, newest first, with filters by source and
 * kind that apply as they change and are kept in the page address.
 */
export function PersonTimeline({ personId }: { personId: string }) {
  const [filter, setFilter] = useFilterInAddress();
  const key = `${personId}${timelineFilterQuery(filter)}`;
  const { state, retry } = useLoad((signal) => fetchTimeline(personId, filter, null, signal), key);
  // The filter panel stays while entries reload, so a checkbox keeps focus as it is changed.
  const [facets, setFacets] = useState<Pick<Timeline, 'kinds' | 'sources'> | null>(null);
  const [more, setMore] = useState<MorePages | null>(null);
  const [moreState, setMoreState] = useState<MoreState>({ status: 'idle' });
  const [focusEntry, setFocusEntry] = useState<string | null>(null);
  const moreController = useRef<AbortController | null>(null);

  useEffect(() => {
    if (state.status === 'loaded') setFacets({ kinds: state.value.kinds, sources: state.value.sources });
  }, [state]);

  useEffect(() => {
    moreController.current?.abort();
    setMoreState({ status: 'idle' });
  }, [key]);

  useEffect(() => () => moreController.current?.abort(), []);

  useEffect(() => {
    if (focusEntry === null) return;
    document.getElementById(focusEntry)?.focus();
    setFocusEntry(null);
  }, [focusEntry]);

  const first = state.status === 'loaded' ? state.value : null;
  const extra = more?.key === key ? more : null;
  const entries = first === null ? [] : [...first.entries, ...(extra?.entries ?? [])];
  const next = extra === null ? (first?.next ?? null) : extra.next;
  const filtered = filter.sources.length > 0 || filter.kinds.length > 0;

  const loadMore = (cursor: string) => {
    const controller = new AbortController();
    moreController.current?.abort();
    moreController.current = controller;
    setMoreState({ status: 'loading' });
    fetchTimeline(personId, filter, cursor, controller.signal).then(
      (page) => {
        if (controller.signal.aborted) return;
        const seen = new Set(entries.map((entry) => entry.id));
        const added = page.entries.filter((entry) => !seen.has(entry.id));
        setMore({ key, entries: [...(extra?.entries ?? []), ...added], next: page.next });
        setMoreState({ status: 'idle' });
        // Focus goes to the first older entry, where reading carries on.
        const firstAdded = added[0];
        if (firstAdded !== undefined) setFocusEntry(entryHeadingId(firstAdded));
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setMoreState({ status: 'failed', error });
      },
    );
  };

  return (
    <section aria-labelledby="timeline-heading">
      <h2 id="timeline-heading">Timeline</h2>
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-one-third">
          {facets !== null && <TimelineFilters facets={facets} filter={filter} onChange={setFilter} />}
        </div>
        <div className="nhsuk-grid-column-two-thirds">
          <div role="status" aria-live="polite">
            {state.status === 'loading' && <p>Loading the timeline…</p>}
            {first !== null && <p>{describeCount(entries.length, next !== null, filtered)}</p>}
          </div>
          {state.status === 'failed' && <LoadError what="timeline" error={state.error} onRetry={retry} />}
          {first !== null && entries.length === 0 && (
            <p>{filtered ? 'Nothing recorded matches the filter.' : 'Nothing has been recorded about this person yet.'}</p>
          )}
          {first !== null && <TimelineEntries entries={entries} />}
          {moreState.status === 'failed' && next !== null && (
            <LoadError
              what="older entries"
              error={moreState.error}
              onRetry={() => {
                loadMore(next);
              }}
            />
          )}
          {first !== null && next !== null && moreState.status !== 'failed' && (
            <button
              type="button"
              className="nhsuk-button nhsuk-button--secondary"
              aria-disabled={moreState.status === 'loading'}
              onClick={() => {
                // Not `disabled`: that would take focus from the button while older entries load.
                if (moreState.status !== 'loading') loadMore(next);
              }}
            >
              {moreState.status === 'loading' ? 'Loading older entries…' : 'Load more'}
            </button>
          )}
        </div>
      </div>
    </section>
  );
}
