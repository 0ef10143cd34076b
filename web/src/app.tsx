import type { ReactElement } from 'react';
import { AppFrame } from './app-frame.js';
import { InstallationPage } from './installation-page.js';
import { NotFoundPage } from './not-found-page.js';

/** Screens by path. Links between them are ordinary links: each page load renders one screen. */
const pages: Readonly<Record<string, () => ReactElement>> = {
  '/': () => <InstallationPage />,
};

/** "/x/" and "/x" are the same page. */
export function normalisePath(pathname: string): string {
  return pathname.length > 1 ? pathname.replace(/\/+$/, '') || '/' : pathname;
}

/** The page for a path, or "Page not found". */
export function pageFor(pathname: string): ReactElement {
  const page = pages[normalisePath(pathname)];
  return page === undefined ? <NotFoundPage /> : page();
}

export function App({ pathname }: { pathname: string }) {
  return <AppFrame currentPath={normalisePath(pathname)}>{pageFor(pathname)}</AppFrame>;
}
