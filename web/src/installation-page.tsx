import { useEffect, useState } from 'react';
import { fetchInstallation } from './api.js';
import { DataHeldTable } from './data-held-table.js';
import type { Installation } from './installation.js';
import { InstallationSummary } from './installation-summary.js';
import { LoadError } from './load-error.js';
import { MigrationsTable } from './migrations-table.js';
import { usePageTitle } from './use-page-title.js';

type LoadState =
  | { status: 'loading' }
  | { status: 'loaded'; installation: Installation }
  | { status: 'failed'; error: unknown };

/** Loads the installation details, again each time `attempt` changes. */
function useInstallation(attempt: number): LoadState {
  const [state, setState] = useState<LoadState>({ status: 'loading' });
  useEffect(() => {
    const controller = new AbortController();
    setState({ status: 'loading' });
    fetchInstallation(controller.signal).then(
      (installation) => {
        setState({ status: 'loaded', installation });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ status: 'failed', error });
      },
    );
    return () => {
      controller.abort();
    };
  }, [attempt]);
  return state;
}

function Details({ installation }: { installation: Installation }) {
  return (
    <>
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-two-thirds">
          <InstallationSummary installation={installation} />
        </div>
      </div>
      <MigrationsTable migrations={installation.migrations} pending={installation.pendingMigrations} />
      <DataHeldTable capabilities={installation.capabilities} />
    </>
  );
}

/** "This installation": what this Joined Up server runs on, its migrations and the data it holds. */
export function InstallationPage() {
  usePageTitle('This installation');
  const [attempt, setAttempt] = useState(0);
  const state = useInstallation(attempt);
  return (
    <>
      <h1>This installation</h1>
      <p className="nhsuk-lede-text">What this Joined Up server is running on, and what its database holds.</p>
      <div role="status" aria-live="polite">
        {state.status === 'loading' && <p>Loading…</p>}
      </div>
      {state.status === 'failed' && (
        <LoadError
          what="installation details"
          error={state.error}
          onRetry={() => {
            setAttempt((n) => n + 1);
          }}
        />
      )}
      {state.status === 'loaded' && <Details installation={state.installation} />}
    </>
  );
}
