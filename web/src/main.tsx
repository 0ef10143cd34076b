import 'nhsuk-frontend/dist/nhsuk/nhsuk-frontend.min.css';
import './app.css';
import { createAll, Header, SkipLink } from 'nhsuk-frontend';
import { StrictMode } from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { App } from './app.js';
import { currentSession, type Session } from './session.js';

const container = document.getElementById('root');
if (container === null) throw new Error('index.html has no #root element');

const root = createRoot(container);

/**
 * Renders the page for who is signed in. The session is known before the first render, because the
 * header's navigation depends on the role and nhsuk-frontend's header script measures (and moves)
 * its items once, when it starts.
 */
function start(session: Session | null): void {
  // Render synchronously so the markup nhsuk-frontend enhances exists before it starts.
  flushSync(() => {
    root.render(
      <StrictMode>
        <App pathname={window.location.pathname} session={session} />
      </StrictMode>,
    );
  });

  // What nhsuk-frontend's page template does with an inline script (which a strict CSP would refuse).
  document.body.classList.add('js-enabled', 'nhsuk-frontend-supported');
  // reportError surfaces a failed enhancement as an uncaught error, so browser tests notice it.
  const onError = (error: unknown) => {
    reportError(error);
  };
  createAll(SkipLink, undefined, { onError });
  createAll(Header, undefined, { onError });
}

// A session that cannot be read (the server unreachable) is no one signed in: each page then says what failed.
currentSession().then(start, () => { start(null); });
