import './fhir-api-page.css';
import { fetchCapabilities, fetchRecentChanges, fetchSourceSystems } from './fhir-api.js';
import type { FhirCapabilities } from './fhir-capabilities.js';
import { FhirConnection } from './fhir-connection.js';
import type { RecentChange } from './fhir-history.js';
import { FhirRecentChanges } from './fhir-recent-changes.js';
import { FhirResourceTypes } from './fhir-resource-types.js';
import { LoadError } from './load-error.js';
import type { SourceRef } from './person.js';
import { useLoad } from './use-load.js';
import { usePageTitle } from './use-page-title.js';

interface FhirOverview {
  capabilities: FhirCapabilities;
  sources: SourceRef[];
  changes: RecentChange[];
}

/** Everything the page shows but the counts, which fill in type by type once the types are known. */
async function loadOverview(signal: AbortSignal): Promise<FhirOverview> {
  const [capabilities, sources, changes] = await Promise.all([
    fetchCapabilities(signal),
    fetchSourceSystems(signal),
    fetchRecentChanges(signal),
  ]);
  return { capabilities, sources, changes };
}

function Overview({ overview }: { overview: FhirOverview }) {
  return (
    <>
      <FhirConnection capabilities={overview.capabilities} sources={overview.sources} />
      <FhirResourceTypes capabilities={overview.capabilities} />
      <FhirRecentChanges changes={overview.changes} />
    </>
  );
}

/** "FHIR API": what a system that speaks FHIR R4 can do with this installation, and what the API holds. */
export function FhirApiPage() {
  usePageTitle('FHIR API');
  const { state, retry } = useLoad(loadOverview, 'fhir-api');
  return (
    <>
      <h1>FHIR API</h1>
      <p className="nhsuk-lede-text">
        What a system that speaks FHIR R4 can do with this installation’s shared record, and what the API holds. Records
        imported from files are here too.
      </p>
      <div role="status" aria-live="polite">
        {state.status === 'loading' && <p>Loading…</p>}
      </div>
      {state.status === 'failed' && <LoadError what="FHIR API details" error={state.error} onRetry={retry} />}
      {state.status === 'loaded' && <Overview overview={state.value} />}
    </>
  );
}
