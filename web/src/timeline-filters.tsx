import type { Timeline } from './person.js';
import type { TimelineFilter } from './record-api.js';
import { toggled } from './timeline-filter.js';

interface FilterOption {
  value: string;
  label: string;
  count: number;
}

/** Options for every value the person's record has, and for any chosen in the address that it has not. */
function withChosen(options: FilterOption[], chosen: readonly string[]): FilterOption[] {
  const known = new Set(options.map((option) => option.value));
  return [...options, ...chosen.filter((value) => !known.has(value)).map((value) => ({ value, label: value, count: 0 }))];
}

function CheckboxGroup({
  name,
  legend,
  options,
  chosen,
  onChange,
}: {
  name: string;
  legend: string;
  options: readonly FilterOption[];
  chosen: readonly string[];
  onChange: (chosen: string[]) => void;
}) {
  return (
    <div className="nhsuk-form-group">
      <fieldset className="nhsuk-fieldset" aria-describedby={`timeline-${name}-hint`}>
        <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{legend}</legend>
        <div className="nhsuk-hint" id={`timeline-${name}-hint`}>
          Choose none to see all
        </div>
        <div className="nhsuk-checkboxes nhsuk-checkboxes--small">
          {options.map((option, index) => {
            const id = `timeline-${name}-${index}`;
            return (
              <div className="nhsuk-checkboxes__item" key={option.value}>
                <input
                  className="nhsuk-checkboxes__input"
                  id={id}
                  name={name}
                  type="checkbox"
                  value={option.value}
                  checked={chosen.includes(option.value)}
                  onChange={(event) => {
                    onChange(toggled(chosen, option.value, event.currentTarget.checked));
                  }}
                />
                <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={id}>
                  {option.label} ({option.count})
                </label>
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

/**
 * The filter panel: which sources and which kinds of entry to show. A change applies at once (the
 * entries below are announced as they change), so there is no button to press.
 */
export function TimelineFilters({
  facets,
  filter,
  onChange,
}: {
  facets: Pick<Timeline, 'kinds' | 'sources'>;
  filter: TimelineFilter;
  onChange: (filter: TimelineFilter) => void;
}) {
  const sources = withChosen(
    facets.sources.map((source) => ({ value: source.id, label: source.name, count: source.count })),
    filter.sources,
  );
  const kinds = withChosen(
    facets.kinds.map((kind) => ({ value: kind.kind, label: kind.label, count: kind.count })),
    filter.kinds,
  );
  const filtered = filter.sources.length > 0 || filter.kinds.length > 0;
  return (
    <div className="app-filter-panel" role="group" aria-labelledby="timeline-filters-heading">
      <h3 id="timeline-filters-heading" className="nhsuk-heading-s">
        Filter the timeline
      </h3>
      <CheckboxGroup
        name="source"
        legend="Source"
        options={sources}
        chosen={filter.sources}
        onChange={(chosen) => {
          onChange({ ...filter, sources: chosen });
        }}
      />
      <CheckboxGroup
        name="kind"
        legend="Kind of entry"
        options={kinds}
        chosen={filter.kinds}
        onChange={(chosen) => {
          onChange({ ...filter, kinds: chosen });
        }}
      />
      {filtered && (
        <button
          type="button"
          className="nhsuk-button nhsuk-button--secondary nhsuk-button--small"
          onClick={() => {
            onChange({ sources: [], kinds: [] });
            // The button goes once nothing is filtered: keep focus in the panel rather than lose it.
            document.getElementById('timeline-source-0')?.focus();
          }}
        >
          Clear filters
        </button>
      )}
    </div>
  );
}
