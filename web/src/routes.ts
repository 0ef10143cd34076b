/** The screens of the web UI, and what each takes from its address. */
export type Route =
  | { page: 'installation' }
  | { page: 'people' }
  | { page: 'person'; id: string }
  | { page: 'person-access-log'; id: string }
  | { page: 'person-consent'; id: string }
  | { page: 'person-carers'; id: string }
  | { page: 'person-care-team'; id: string }
  | { page: 'my-record' }
  | { page: 'emergency-access' }
  | { page: 'ig-emergency-access' }
  | { page: 'ig-audit' }
  | { page: 'analytics' }
  | { page: 'case-finding' }
  | { page: 'imports' }
  | { page: 'import'; id: string }
  | { page: 'fhir-api' }
  | { page: 'linkage-review' }
  | { page: 'sign-in' }
  | { page: 'account' }
  | { page: 'oauth-approve' }
  | { page: 'not-found' };

/** "/x/" and "/x" are the same page. */
export function normalisePath(pathname: string): string {
  return pathname.length > 1 ? pathname.replace(/\/+$/, '') || '/' : pathname;
}

/** One path segment, decoded; undefined when it is not valid percent-encoding. */
function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

type PageWithId = 'person' | 'person-access-log' | 'person-consent' | 'person-carers' | 'person-care-team' | 'import';

const withId: readonly { pattern: RegExp; page: PageWithId }[] = [
  { pattern: /^\/people\/([^/]+)$/, page: 'person' },
  { pattern: /^\/people\/([^/]+)\/access-log$/, page: 'person-access-log' },
  { pattern: /^\/people\/([^/]+)\/consent$/, page: 'person-consent' },
  { pattern: /^\/people\/([^/]+)\/carers$/, page: 'person-carers' },
  { pattern: /^\/people\/([^/]+)\/care-team$/, page: 'person-care-team' },
  { pattern: /^\/imports\/([^/]+)$/, page: 'import' },
];

/** The screen for a path. */
export function routeFor(pathname: string): Route {
  const path = normalisePath(pathname);
  switch (path) {
    case '/':
      return { page: 'installation' };
    case '/people':
      return { page: 'people' };
    case '/imports':
      return { page: 'imports' };
    case '/fhir-api':
      return { page: 'fhir-api' };
    case '/linkage-review':
      return { page: 'linkage-review' };
    case '/sign-in':
      return { page: 'sign-in' };
    case '/account':
      return { page: 'account' };
    case '/oauth/approve':
      return { page: 'oauth-approve' };
    case '/my-record':
      return { page: 'my-record' };
    case '/emergency-access':
      return { page: 'emergency-access' };
    case '/ig/emergency-access':
      return { page: 'ig-emergency-access' };
    case '/ig/audit':
      return { page: 'ig-audit' };
    case '/analytics':
      return { page: 'analytics' };
    case '/case-finding':
      return { page: 'case-finding' };
  }
  for (const { pattern, page } of withId) {
    const segment = pattern.exec(path)?.[1];
    const id = segment === undefined ? undefined : decodeSegment(segment);
    if (id !== undefined && id !== '') return { page, id };
  }
  return { page: 'not-found' };
}

/** The address of a person's page. */
export function personPath(id: string): string {
  return `/people/${encodeURIComponent(id)}`;
}

/** The address of who has looked at a person's record. */
export function accessLogPath(id: string): string {
  return `${personPath(id)}/access-log`;
}

/** The address of a person's sharing choices. */
export function consentPath(id: string): string {
  return `${personPath(id)}/consent`;
}

/** The address of the carers a person has let see their record. */
export function carersPath(id: string): string {
  return `${personPath(id)}/carers`;
}

/** The address of a person's care team. */
export function careTeamPath(id: string): string {
  return `${personPath(id)}/care-team`;
}

/** The address of an import's page. */
export function importPath(id: string): string {
  return `/imports/${encodeURIComponent(id)}`;
}

/** The address of a practice's case-finding list (`show`: the list itself, or those excluded or enrolled). */
export function caseFindingPath(practice: string, show: 'listed' | 'excluded' | 'enrolled' = 'listed'): string {
  const query = new URLSearchParams({ practice });
  if (show !== 'listed') query.set('show', show);
  return `/case-finding?${query.toString()}`;
}
