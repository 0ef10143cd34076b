import { formatBirthDateAndAge, formatNhsNumber } from './format.js';
import type { PeopleSearch, PersonMatch, QueryKind } from './person.js';
import { searchLimit } from './record-api.js';
import { ResponsiveTable, type TableColumn } from './responsive-table.js';
import { isCareRole } from './roles.js';
import { personPath } from './routes.js';
import { useSession } from './session-context.js';
import { SourceTags } from './tag.js';

/** What the search text was taken to be, in words. */
const queryKinds: ReadonlyMap<QueryKind, string> = new Map([
  ['name', 'a name'],
  ['nhs-number', 'an NHS number'],
  ['birth-date', 'a date of birth'],
  ['postcode', 'a postcode'],
]);

const notKnown = 'Not known';

const columns: readonly TableColumn<PersonMatch>[] = [
  { heading: 'Name', cell: (person) => <a href={personPath(person.id)}>{person.name}</a> },
  {
    heading: 'NHS number',
    cell: (person) => (person.nhsNumber === null ? notKnown : <span className="nhsuk-u-nowrap">{formatNhsNumber(person.nhsNumber)}</span>),
  },
  { heading: 'Date of birth', cell: (person) => formatBirthDateAndAge(person.birthDate, person.age) ?? notKnown },
  { heading: 'Postcode', cell: (person) => person.postcode ?? notKnown },
  { heading: 'GP practice', cell: (person) => person.practice ?? notKnown },
  { heading: 'Records in', cell: (person) => <SourceTags sources={person.sources} /> },
];

function NoOneFound({ text }: { text: string }) {
  const emergency = isCareRole(useSession()?.signedIn.role);
  return (
    <>
      <h2>No one found</h2>
      <p>
        No one you may see in the shared care record matches “{text}”.
      </p>
      <div className="nhsuk-inset-text">
        <span className="nhsuk-u-visually-hidden">Information: </span>
        <p>You could:</p>
        <ul>
          <li>check the spelling of the name, or search by surname only</li>
          <li>search by NHS number, which is 10 digits, like 999 123 4567</li>
          <li>search by date of birth, like 07/03/1941, or by postcode, like ZQ3 4LP</li>
          {emergency && (
            <li>
              in an emergency, for someone you have no relationship with, use <a href="/emergency-access">emergency access</a> with their NHS number
            </li>
          )}
        </ul>
      </div>
    </>
  );
}

/** The people a search for `q` (as typed) found, or what to try when it found no one. */
export function PeopleResults({ q, search }: { q: string; search: PeopleSearch }) {
  const { results, query } = search;
  const kind = queryKinds.get(query.kind) ?? 'text';
  if (results.length === 0) return <NoOneFound text={q} />;
  const found = results.length === 1 ? '1 person found' : `${results.length} people found`;
  return (
    <>
      <h2>{found}</h2>
      <p className="nhsuk-body-s">
        Searched for “{q}” as {kind}.
        {results.length >= searchLimit && ' Only the closest matches are shown: add more detail to narrow the search.'}
      </p>
      <ResponsiveTable caption={`People matching “${q}”`} captionHidden columns={columns} rows={results} rowKey={(person) => person.id} />
    </>
  );
}
