import { CopyableCode } from './copyable-code.js';
import { fhirBasePath } from './fhir-api.js';
import { type FhirCapabilities, fhirRelease, listInWords, sentenceCase } from './fhir-capabilities.js';
import { NewTabLink } from './new-tab-link.js';
import type { SourceRef } from './person.js';
import { SummaryRow } from './summary-row.js';

/** The header that names the system a write comes from, and the source the API records when it is absent. */
const sourceHeader = 'X-Source-System';
const defaultSource = 'fhir';

/** What the whole-system interactions let a client do at the base URL. */
const systemInteractionWords: Readonly<Record<string, string>> = {
  transaction: 'transaction Bundles',
  batch: 'batch Bundles',
  'history-system': 'the history of every resource (_history)',
  'search-system': 'searches across every type',
};

function SourceSystems({ sources }: { sources: readonly SourceRef[] }) {
  return (
    <>
      <p>
        Name the system that makes a change in the <code>{sourceHeader}</code> header of each request. Without it, a change
        is recorded as made by <code>{defaultSource}</code>. A name that is not registered is refused. The ids of the
        records each system writes or imports start with its name, such as <code>gp.</code> or <code>hospital.</code>
      </p>
      {sources.length > 0 && (
        <table className="nhsuk-table">
          <caption className="nhsuk-table__caption nhsuk-table__caption--s">Registered source systems</caption>
          <thead className="nhsuk-table__head">
            <tr className="nhsuk-table__row">
              <th className="nhsuk-table__header" scope="col">{sourceHeader}</th>
              <th className="nhsuk-table__header" scope="col">System</th>
            </tr>
          </thead>
          <tbody className="nhsuk-table__body">
            {sources.map((source) => (
              <tr className="nhsuk-table__row" key={source.id}>
                <td className="nhsuk-table__cell">
                  <code>{source.id}</code>
                </td>
                <td className="nhsuk-table__cell">{source.name}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

/** An example write, as a client would send it. */
function exampleRequest(baseUrl: string, source: string): string {
  return [`POST ${baseUrl}/Patient`, 'Content-Type: application/fhir+json', `${sourceHeader}: ${source}`].join('\n');
}

/** How to point a FHIR client at this server: base URL, versions, formats and how to say who is writing. */
export function FhirConnection({ capabilities, sources }: { capabilities: FhirCapabilities; sources: readonly SourceRef[] }) {
  const baseUrl = `${window.location.origin}${fhirBasePath}`;
  const system = capabilities.systemInteractions.map((code) => systemInteractionWords[code] ?? code);
  const exampleSource = (sources.find((source) => source.id === 'gp') ?? sources.find((source) => source.id !== defaultSource))?.id ?? defaultSource;
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <h2 id="connecting">Connecting a client</h2>
        <h3 className="nhsuk-heading-s" id="base-url">
          Base URL
        </h3>
        <p>Configure this as the FHIR server’s address in the client.</p>
        <CopyableCode text={baseUrl} label="base URL" />
        <dl className="nhsuk-summary-list">
          <SummaryRow label="FHIR version">{fhirRelease(capabilities.fhirVersion)}</SummaryRow>
          <SummaryRow label="Software">
            {capabilities.software.name} {capabilities.software.version}
          </SummaryRow>
          <SummaryRow label="Formats">
            {capabilities.formats.length === 0 ? 'Not stated' : listInWords(capabilities.formats)}
          </SummaryRow>
          {system.length > 0 && <SummaryRow label="At the base URL">{sentenceCase(listInWords(system))}</SummaryRow>}
          <SummaryRow label="Capability statement">
            <NewTabLink href={`${fhirBasePath}/metadata`}>
              <code>{fhirBasePath}/metadata</code>
            </NewTabLink>
          </SummaryRow>
        </dl>
        {capabilities.documentation !== null && (
          <div className="nhsuk-inset-text">
            <span className="nhsuk-u-visually-hidden">Information: </span>
            <p>{capabilities.documentation}</p>
          </div>
        )}
        <h3 className="nhsuk-heading-s" id="source-system">
          Saying which system is writing
        </h3>
        <SourceSystems sources={sources} />
        <p>
          For example, the start of a request that creates a patient record as <code>{exampleSource}</code>:
        </p>
        <div className="nhsuk-code">
          <pre className="nhsuk-code__container">
            <code className="nhsuk-code__content app-code-wrap">{exampleRequest(baseUrl, exampleSource)}</code>
          </pre>
        </div>
      </div>
    </div>
  );
}
