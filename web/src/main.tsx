import 'nhsuk-frontend/dist/nhsuk/nhsuk-frontend.min.css';
import './app.css';
import { createAll, Header, SkipLink } from 'nhsuk-frontend';
import { StrictMode } from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { App } from './app.js';

const container = document.getElementById('root');
if (container === null) throw new Error('index.html has no #root element');

const root = createRoot(container);
// Render synchronously so the markup nhsuk-frontend enhances exists before it starts.
flushSync(() => {
  root.render(
    <StrictMode>
      <App pathname={window.location.pathname} />
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
