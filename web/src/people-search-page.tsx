import { ApiError } from './api.js';
import { ErrorSummary } from './error-summary.js';
import { LoadError } from './load-error.js';
import { PeopleResults } from './people-results.js';
import { searchPeople } from './record-api.js';
import { useLoad } from './use-load.js';
import { usePageTitle } from './use-page-title.js';

const fieldId = 'q';
const hint = 'Name, NHS number, date of birth or postcode';

/** The search in the address (`/people?q=…`), or null when none was made yet. */
function searchInAddress(): string | null {
  return new URLSearchParams(window.location.search).get('q');
}

/** A search the server refused (empty, too short): its reason is about what was typed in the field. */
function fieldError(error: unknown): string | undefined {
  if (!(error instanceof ApiError) || error.status !== 400) return undefined;
  return error.problem?.detail ?? error.problem?.title ?? `Enter a ${hint.toLowerCase()}`;
}

/**
 * The search form (NHS search input pattern). It is an ordinary GET form, so each search is an
 * address that can be bookmarked, shared with a colleague, and gone back to.
 */
function SearchForm({ value, error }: { value: string; error: string | undefined }) {
  const describedBy = error === undefined ? `${fieldId}-hint` : `${fieldId}-hint ${fieldId}-error`;
  return (
    <form method="get" action="/people" role="search" aria-label="Find a person" noValidate>
      <div className={`nhsuk-form-group nhsuk-search-input nhsuk-search-input--large${error === undefined ? '' : ' nhsuk-form-group--error'}`}>
        <h1 className="nhsuk-label-wrapper">
          <label className="nhsuk-label nhsuk-label--l" htmlFor={fieldId}>
            Find a person
          </label>
        </h1>
        <div className="nhsuk-hint" id={`${fieldId}-hint`}>
          {hint}
        </div>
        {error !== undefined && (
          <span className="nhsuk-error-message" id={`${fieldId}-error`}>
            <span className="nhsuk-u-visually-hidden">Error: </span>
            {error}
          </span>
        )}
        <div className="nhsuk-input-wrapper nhsuk-input-wrapper--large nhsuk-search-input__wrapper">
          <input
            className={`nhsuk-input nhsuk-input--large nhsuk-input--width-30 nhsuk-search-input__input${error === undefined ? '' : ' nhsuk-input--error'}`}
            id={fieldId}
            name="q"
            type="search"
            defaultValue={value}
            aria-describedby={describedBy}
            autoComplete="off"
            spellCheck={false}
          />
          <button className="nhsuk-button nhsuk-button--icon nhsuk-search-input__button" type="submit" aria-label="Search">
            <svg
              className="nhsuk-icon nhsuk-icon--search"
              xmlns="http://www.w3.org/2000/svg"
              viewBox="0 0 24 24"
              width="16"
              height="16"
              focusable="false"
              aria-hidden="true"
            >
              <path d="m20.7 18.9-4.1-4.1a7 7 0 1 0-1.4 1.4l4 4.1a1 1 0 0 0 1.5 0c.4-.4.4-1 0-1.4ZM6 10.6a5 5 0 1 1 10 0 5 5 0 0 1-10 0Z" />
            </svg>
          </button>
        </div>
      </div>
    </form>
  );
}

function Search({ q }: { q: string }) {
  const { state, retry } = useLoad((signal) => searchPeople(q, signal), q);
  const error = state.status === 'failed' ? fieldError(state.error) : undefined;
  usePageTitle(error === undefined ? 'Find a person' : 'Error: Find a person');
  return (
    <>
      {error !== undefined && <ErrorSummary errors={[{ fieldId, message: error }]} />}
      <SearchForm value={q} error={error} />
      <div role="status" aria-live="polite">
        {state.status === 'loading' && <p>Searching…</p>}
        {state.status === 'loaded' && (
          <p className="nhsuk-u-visually-hidden">
            {state.value.results.length === 1 ? '1 person found' : `${state.value.results.length} people found`}
          </p>
        )}
      </div>
      {state.status === 'failed' && error === undefined && <LoadError what="search results" error={state.error} onRetry={retry} />}
      {state.status === 'loaded' && <PeopleResults q={q} search={state.value} />}
    </>
  );
}

function NoSearchYet() {
  usePageTitle('Find a person');
  return <SearchForm value="" error={undefined} />;
}

/** "Find a person": one field that takes a name, NHS number, date of birth or postcode. */
export function PeopleSearchPage() {
  const q = searchInAddress();
  return q === null ? <NoSearchYet /> : <Search q={q} />;
}
