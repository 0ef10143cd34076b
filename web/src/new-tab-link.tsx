import type { ReactNode } from 'react';

/**
 * A link that opens in a new tab, saying so to screen readers (NHS service manual, "Links"): for raw
 * FHIR JSON, which a person looks at beside the page rather than instead of it.
 */
export function NewTabLink({ href, children }: { href: string; children: ReactNode }) {
  return (
    <a href={href} target="_blank" rel="noreferrer">
      {children}
      <span className="nhsuk-u-visually-hidden"> (opens in a new tab)</span>
    </a>
  );
}
