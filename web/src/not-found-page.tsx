import { usePageTitle } from './use-page-title.js';

/** Shown for any address the web UI does not know (NHS service manual "Page not found" pattern). */
export function NotFoundPage() {
  usePageTitle('Page not found');
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <h1>Page not found</h1>
        <p>If you typed the web address, check it was correct.</p>
        <p>If you pasted the web address, check you copied the entire address.</p>
        <p>
          You can go to the <a href="/">Joined Up home page</a>.
        </p>
      </div>
    </div>
  );
}
