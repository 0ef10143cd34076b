import { useEffect } from 'react';

/** The service name every page title ends with (NHS service manual: "Page title – Service name"). */
export const serviceName = 'Joined Up';

/** Sets the document title to "<title> – Joined Up" while the calling page is shown. */
export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} – ${serviceName}`;
  }, [title]);
}
