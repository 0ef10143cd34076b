import type { ReactElement } from 'react';
import { AccessLogPage } from './access-log-page.js';
import { AccountPage } from './account-page.js';
import { AppFrame } from './app-frame.js';
import { AuditTrailPage } from './audit-trail-page.js';
import { CarersPage } from './carers-page.js';
import { CaseFindingPage } from './case-finding-page.js';
import { CareTeamPage } from './care-team-page.js';
import { ConsentPage } from './consent-page.js';
import { EmergencyAccessPage } from './emergency-access-page.js';
import { EmergencyAccessReviewsPage } from './emergency-access-reviews-page.js';
import { FhirApiPage } from './fhir-api-page.js';
import { financePageFor } from './finance-pages.js';
import { ImportPage } from './import-page.js';
import { ImportsPage } from './imports-page.js';
import { InstallationPage } from './installation-page.js';
import { LinkageReviewPage } from './linkage-review-page.js';
import { MyRecordPage } from './my-record-page.js';
import { NotFoundPage } from './not-found-page.js';
import { PeopleSearchPage } from './people-search-page.js';
import { PersonPage } from './person-page.js';
import { PopulationPage } from './population-page.js';
import { OAuthApprovePage } from './oauth-approve-page.js';
import { SignInPage } from './sign-in-page.js';
import { normalisePath, routeFor } from './routes.js';
import type { Session } from './session.js';
import { SessionContext } from './session-context.js';

export { normalisePath };

/**
 * The page for a path, or "Page not found". Links between screens are ordinary links: each page
 * load renders one screen, which reads anything else it needs (a search, filters) from the address.
 */
export function pageFor(pathname: string): ReactElement {
  const finance = financePageFor(pathname);
  if (finance !== null) return finance;
  const route = routeFor(pathname);
  switch (route.page) {
    case 'installation':
      return <InstallationPage />;
    case 'people':
      return <PeopleSearchPage />;
    case 'person':
      return <PersonPage id={route.id} />;
    case 'person-access-log':
      return <AccessLogPage id={route.id} />;
    case 'person-consent':
      return <ConsentPage id={route.id} />;
    case 'person-carers':
      return <CarersPage id={route.id} />;
    case 'person-care-team':
      return <CareTeamPage id={route.id} />;
    case 'my-record':
      return <MyRecordPage />;
    case 'emergency-access':
      return <EmergencyAccessPage />;
    case 'ig-emergency-access':
      return <EmergencyAccessReviewsPage />;
    case 'ig-audit':
      return <AuditTrailPage />;
    case 'analytics':
      return <PopulationPage />;
    case 'case-finding':
      return <CaseFindingPage />;
    case 'imports':
      return <ImportsPage />;
    case 'import':
      return <ImportPage id={route.id} />;
    case 'fhir-api':
      return <FhirApiPage />;
    case 'linkage-review':
      return <LinkageReviewPage />;
    case 'sign-in':
      return <SignInPage />;
    case 'account':
      return <AccountPage />;
    case 'oauth-approve':
      return <OAuthApprovePage />;
    case 'not-found':
      return <NotFoundPage />;
  }
}

/** The page for a path, in the frame, for whoever is signed in (null: no one). */
export function App({ pathname, session }: { pathname: string; session: Session | null }) {
  return (
    <SessionContext.Provider value={session}>
      <AppFrame currentPath={normalisePath(pathname)}>{pageFor(pathname)}</AppFrame>
    </SessionContext.Provider>
  );
}
