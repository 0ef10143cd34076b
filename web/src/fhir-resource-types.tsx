import { Fragment, type ReactNode } from 'react';
import {
  describeInteractions,
  type FhirCapabilities,
  interactionOrder,
  listInWords,
  type ResourceTypeCapability,
  type SearchParameter,
  sentenceCase,
} from './fhir-capabilities.js';
import { formatCount } from './format.js';
import { ResponsiveCell, ResponsiveHead } from './responsive-table.js';
import { useSession } from './session-context.js';
import { type CountState, useResourceCounts } from './use-resource-counts.js';

const columns = ['Resource type', 'Held', 'Interactions', 'Search parameters'] as const;
type Column = (typeof columns)[number];
const numericColumns: ReadonlySet<Column> = new Set(['Held', 'Search parameters']);

function Cell({ column, children }: { column: Column; children: ReactNode }) {
  return <ResponsiveCell heading={column} numeric={numericColumns.has(column)}>{children}</ResponsiveCell>;
}

function Held({ count, counted }: { count: CountState | undefined; counted: boolean }) {
  if (!counted) return 'Not for your role';
  if (count === undefined || count.status === 'counting') {
    return (
      <>
        <span aria-hidden="true">…</span>
        <span className="nhsuk-u-visually-hidden">Counting</span>
      </>
    );
  }
  return count.status === 'counted' ? formatCount(count.total) : 'Not known';
}

function CodeList({ items, label }: { items: readonly string[]; label: string }) {
  if (items.length === 0) return <p>None.</p>;
  return (
    <ul className="nhsuk-list app-code-list" aria-label={label}>
      {items.map((item) => (
        <li key={item}>
          <code>{item}</code>
        </li>
      ))}
    </ul>
  );
}

function SearchParameters({ parameters, type }: { parameters: readonly SearchParameter[]; type: string }) {
  if (parameters.length === 0) return <p>Only the parameters every type takes.</p>;
  return (
    <ul className="nhsuk-list app-parameter-list" aria-label={`Search parameters of ${type}`}>
      {parameters.map((parameter) => (
        <li key={parameter.name}>
          <code>{parameter.name}</code> <span className="nhsuk-u-secondary-text-colour">({parameter.type})</span>
        </li>
      ))}
    </ul>
  );
}

/** What a type's row expands to: its interactions one by one, search parameters, includes and operations. */
function TypeDetails({ capability }: { capability: ResourceTypeCapability }) {
  const { type } = capability;
  const interactions = interactionOrder.filter((interaction) => capability.interactions.has(interaction));
  return (
    <details className="nhsuk-details nhsuk-u-margin-bottom-0">
      <summary className="nhsuk-details__summary">
        <span className="nhsuk-details__summary-text">
          Search parameters and includes<span className="nhsuk-u-visually-hidden"> of {type}</span>
        </span>
      </summary>
      <div className="nhsuk-details__text">
        <p>
          <strong>Interactions:</strong> {interactions.length === 0 ? 'none' : listInWords(interactions)}.
        </p>
        <h3 className="nhsuk-heading-xs nhsuk-u-margin-bottom-2">Search parameters</h3>
        <SearchParameters parameters={capability.searchParameters} type={type} />
        <h3 className="nhsuk-heading-xs nhsuk-u-margin-bottom-2">_include targets</h3>
        <CodeList items={capability.includes} label={`_include values of ${type}`} />
        <h3 className="nhsuk-heading-xs nhsuk-u-margin-bottom-2">_revinclude targets</h3>
        <CodeList items={capability.revIncludes} label={`_revinclude values of ${type}`} />
        {capability.operations.length > 0 && (
          <>
            <h3 className="nhsuk-heading-xs nhsuk-u-margin-bottom-2">Operations</h3>
            <CodeList items={capability.operations.map((name) => `${type}/[id]/$${name}`)} label={`Operations on ${type}`} />
          </>
        )}
      </div>
    </details>
  );
}

function TypeRows({ capability, count, counted }: { capability: ResourceTypeCapability; count: CountState | undefined; counted: boolean }) {
  return (
    <tbody className="nhsuk-table__body app-resource-type">
      <tr className="nhsuk-table__row" role="row">
        <Cell column="Resource type">{capability.type}</Cell>
        <Cell column="Held">
          <Held count={count} counted={counted} />
        </Cell>
        <Cell column="Interactions">{sentenceCase(describeInteractions(capability.interactions))}</Cell>
        <Cell column="Search parameters">{formatCount(capability.searchParameters.length)}</Cell>
      </tr>
      <tr className="nhsuk-table__row app-resource-type__more" role="row">
        <td className="nhsuk-table__cell" role="cell" colSpan={columns.length}>
          <TypeDetails capability={capability} />
        </td>
      </tr>
    </tbody>
  );
}

/** Names in code type, listed in words: "_id, _tag and _source". */
function CodeWords({ names }: { names: readonly string[] }) {
  return names.map((name, index) => (
    <Fragment key={name}>
      {index === 0 ? '' : index === names.length - 1 ? ' and ' : ', '}
      <code>{name}</code>
    </Fragment>
  ));
}

/** Every resource type the FHIR API holds: how many, what clients may do, and how they may search. */
export function FhirResourceTypes({ capabilities }: { capabilities: FhirCapabilities }) {
  // The audit trail (AuditEvent) is the information governance lead's to read, so no one else asks how much it holds.
  const readsAudit = useSession()?.signedIn.role === 'ig-lead';
  const counted = (type: string): boolean => readsAudit || type !== 'AuditEvent';
  const counts = useResourceCounts(capabilities.types.map((capability) => capability.type).filter(counted));
  const common = capabilities.commonParameters.map((parameter) => parameter.name);
  return (
    <>
      <h2 id="resource-types">Resource types</h2>
      <p>
        “Held” counts the current resources of each type that you may see, records imported from files included. “Read” includes past
        versions (vread) and history; “write” is create, update and delete.
        {common.length > 0 && (
          <>
            {' '}
            Every type can also be searched by <CodeWords names={common} />.
          </>
        )}
      </p>
      {capabilities.types.length === 0 ? (
        <p>The server lists no resource types.</p>
      ) : (
        <table className="nhsuk-table nhsuk-table--responsive" role="table">
          <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">Resource types the FHIR API holds</caption>
          <ResponsiveHead columns={columns.map((heading) => ({ heading, numeric: numericColumns.has(heading) }))} />
          {capabilities.types.map((capability) => (
            <TypeRows capability={capability} count={counts.get(capability.type)} counted={counted(capability.type)} key={capability.type} />
          ))}
        </table>
      )}
    </>
  );
}
