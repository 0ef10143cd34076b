import { type ReactNode, useEffect, useState } from 'react';
import { breakGlassReviewedEvent, fetchBreakGlass } from './access-api.js';
import { chargingRoles, fundRoles, hasRole, isCareRole, isCaseFindingRole } from './roles.js';
import { type Session, signInPath, signOut } from './session.js';
import { useSession } from './session-context.js';
import { serviceName } from './use-page-title.js';

export interface NavigationItem {
  href: string;
  text: string;
}

const emergencyAccessReviews = '/ig/emergency-access';

/**
 * Header navigation: the screens the signed-in person's role uses (the server refuses the rest),
 * then those for everyone. `waiting` is how many emergency accesses wait for the IG lead's review.
 */
export function navigationFor(session: Session | null, waiting?: number): NavigationItem[] {
  const role = session?.signedIn.role;
  const items: NavigationItem[] = [];
  if (isCareRole(role)) items.push({ href: '/people', text: 'Find a person' });
  if (isCaseFindingRole(role)) items.push({ href: '/case-finding', text: 'Case-finding' });
  if (isCareRole(role)) items.push({ href: '/emergency-access', text: 'Emergency access' });
  if (hasRole(chargingRoles, role)) items.push({ href: '/finance/assessment', text: 'Financial assessment' });
  if (hasRole(fundRoles, role)) items.push({ href: '/finance/funds', text: 'Pooled funds' });
  // A carer finds the people who authorised them; a person has one record, their own.
  if (role === 'carer') items.push({ href: '/people', text: 'Find a person' });
  if (role === 'ig-lead') {
    items.push(
      { href: emergencyAccessReviews, text: waiting === undefined ? 'Emergency access reviews' : `Emergency access reviews (${String(waiting)})` },
      { href: '/ig/audit', text: 'Audit trail' },
    );
  }
  if (role === 'commissioner') items.push({ href: '/analytics', text: 'Population' });
  if (role === 'administrator') items.push({ href: '/linkage-review', text: 'Linkage review' }, { href: '/imports', text: 'Imports' });
  if (role === 'person') items.push({ href: '/my-record', text: 'My record' });
  items.push({ href: '/fhir-api', text: 'FHIR API' }, { href: '/', text: 'This installation' });
  return items;
}

/** How many emergency accesses wait for review, for the IG lead's header; read again after each review. */
function useWaitingReviews(session: Session | null): number | undefined {
  const [waiting, setWaiting] = useState<number | undefined>(undefined);
  const ig = session?.signedIn.role === 'ig-lead';
  useEffect(() => {
    if (!ig) return undefined;
    let live = true;
    const read = () => {
      fetchBreakGlass('to-review').then((list) => { if (live) setWaiting(list.toReview); }, () => undefined);
    };
    read();
    window.addEventListener(breakGlassReviewedEvent, read);
    return () => {
      live = false;
      window.removeEventListener(breakGlassReviewedEvent, read);
    };
  }, [ig]);
  return waiting;
}

/**
 * Whether a navigation item is the page shown ("page") or the section it belongs to ("true"), so
 * a person's record keeps "Find a person" marked as where you are.
 */
export function currentness(item: NavigationItem, currentPath: string): 'page' | 'true' | undefined {
  if (item.href === currentPath) return 'page';
  return item.href !== '/' && currentPath.startsWith(`${item.href}/`) ? 'true' : undefined;
}

/** The NHS logo as drawn by nhsuk-frontend's header template. */
function NhsLogo() {
  return (
    <svg
      className="nhsuk-header__logo"
      xmlns="http://www.w3.org/2000/svg"
      viewBox="0 0 200 80"
      height="40"
      width="100"
      focusable="false"
      role="img"
      aria-label="NHS"
    >
      <title>NHS</title>
      <path
        fill="currentcolor"
        d="M200 0v80H0V0h200Zm-27.5 5.5c-14.5 0-29 5-29 22 0 10.2 7.7 13.5 14.7 16.3l.7.3c5.4 2 10.1 3.9 10.1 8.4 0 6.5-8.5 7.5-14 7.5s-12.5-1.5-16-3.5L135 70c5.5 2 13.5 3.5 20 3.5 15.5 0 32-4.5 32-22.5 0-19.5-25.5-16.5-25.5-25.5 0-5.5 5.5-6.5 12.5-6.5a35 35 0 0 1 14.5 3l4-13.5c-4.5-2-12-3-20-3Zm-131 2h-22l-14 65H22l9-45h.5l13.5 45h21.5l14-65H64l-9 45h-.5l-13-45Zm63 0h-18l-13 65h17l6-28H117l-5.5 28H129l13.5-65H125L119.5 32h-20l5-24.5Z"
      />
    </svg>
  );
}

function HeaderNavigation({ currentPath }: { currentPath: string }) {
  const session = useSession();
  const navigationItems = navigationFor(session, useWaitingReviews(session));
  return (
    <nav className="nhsuk-header__navigation" aria-label="Menu">
      <div className="nhsuk-header__navigation-container nhsuk-width-container">
        <ul className="nhsuk-header__navigation-list">
          {navigationItems.map((item) => {
            const ariaCurrent = currentness(item, currentPath);
            const current = ariaCurrent !== undefined;
            return (
              <li
                key={item.href}
                className={`nhsuk-header__navigation-item${current ? ' nhsuk-header__navigation-item--current' : ''}`}
              >
                <a className="nhsuk-header__navigation-link" href={item.href} aria-current={ariaCurrent}>
                  {/* The fallback keeps the current item visible to people who override colours. */}
                  {current ? <strong className="nhsuk-header__navigation-item-current-fallback">{item.text}</strong> : item.text}
                </a>
              </li>
            );
          })}
          <li className="nhsuk-header__menu" hidden>
            <button
              type="button"
              className="nhsuk-header__menu-toggle nhsuk-header__navigation-link"
              id="toggle-menu"
              aria-expanded="false"
            >
              <span className="nhsuk-u-visually-hidden">Browse </span>More
            </button>
          </li>
        </ul>
      </div>
    </nav>
  );
}

/**
 * The header's account area (nhsuk-frontend's header `account` items): who is signed in, with their
 * role (a link to their Account page), and a button to sign out; or a link to sign in that comes back here.
 */
function HeaderAccount({ currentPath }: { currentPath: string }) {
  const session = useSession();
  if (currentPath === '/sign-in') return null;
  return (
    <nav className="nhsuk-header__account" aria-label="Account">
      <ul className="nhsuk-header__account-list">
        {session ? (
          <>
            <li className="nhsuk-header__account-item">
              <a className="nhsuk-header__account-link" href="/account" aria-current={currentPath === '/account' ? 'page' : undefined}>
                {session.signedIn.name}
                {/* The person's own account needs no role beside their name. */}
                {session.signedIn.role === 'person' ? '' : ` (${session.signedIn.roleName})`}
              </a>
            </li>
            <li className="nhsuk-header__account-item">
              <form
                className="nhsuk-header__account-form"
                onSubmit={(event) => {
                  event.preventDefault();
                  void signOut().finally(() => { window.location.assign('/sign-in'); });
                }}
              >
                <button className="nhsuk-header__account-button" type="submit">Sign out</button>
              </form>
            </li>
          </>
        ) : (
          <li className="nhsuk-header__account-item">
            <a className="nhsuk-header__account-link" href={signInPath(currentPath + window.location.search)}>Sign in</a>
          </li>
        )}
      </ul>
    </nav>
  );
}

function Header({ currentPath }: { currentPath: string }) {
  return (
    <header className="nhsuk-header" data-module="nhsuk-header" role="banner">
      <div className="nhsuk-header__container nhsuk-width-container">
        <div className="nhsuk-header__service">
          <a className="nhsuk-header__service-logo" href="/" aria-label={`NHS ${serviceName} homepage`}>
            <NhsLogo />
            <span className="nhsuk-header__service-name">{serviceName}</span>
          </a>
        </div>
        <HeaderAccount currentPath={currentPath} />
      </div>
      <HeaderNavigation currentPath={currentPath} />
    </header>
  );
}

function Footer() {
  return (
    <footer className="nhsuk-footer" role="contentinfo">
      <div className="nhsuk-width-container">
        <div className="nhsuk-footer__meta">
          <h2 className="nhsuk-u-visually-hidden">Support links</h2>
          <ul className="nhsuk-footer__list">
            <li className="nhsuk-footer__list-item">
              <a className="nhsuk-footer__list-item-link" href="/docs">
                API documentation
              </a>
            </li>
          </ul>
          <p className="nhsuk-body-s">{serviceName} — open source integrated care</p>
        </div>
      </div>
    </footer>
  );
}

/**
 * The frame every page sits in, following nhsuk-frontend's page template: skip link,
 * header with navigation, `<main id="maincontent">` and footer.
 */
export function AppFrame({ currentPath, children }: { currentPath: string; children: ReactNode }) {
  return (
    <>
      <a className="nhsuk-skip-link" data-module="nhsuk-skip-link" href="#maincontent">
        Skip to main content
      </a>
      <Header currentPath={currentPath} />
      <div className="nhsuk-width-container">
        <main className="nhsuk-main-wrapper" id="maincontent">
          {children}
        </main>
      </div>
      <Footer />
    </>
  );
}
