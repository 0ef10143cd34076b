import type { ReactNode } from 'react';

/** An NHS warning callout (nhsuk-frontend 10 draws it as a warning card): something the reader must know first. */
export function WarningCallout({ heading, headingLevel = 2, children }: { heading: string; headingLevel?: 2 | 3; children: ReactNode }) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <div className="nhsuk-card nhsuk-card--warning">
      <div className="nhsuk-card__content">
        <Heading className="nhsuk-card__heading">
          <span className="nhsuk-u-visually-hidden">Important: </span>
          {heading}
        </Heading>
        {children}
      </div>
    </div>
  );
}
