/**
 * SMART on FHIR scopes (SMART App Launch v2, "Scopes and Launch Context"): resource scopes
 * `<patient|user|system>/<type or *>.<c?r?u?d?s?>` with optional `?name=value` restrictions, the
 * v1 forms `.read`, `.write` and `.*` (read = rs, write = cud, * = cruds, as the v2 page's table of
 * equivalents has it), and the scopes that ask for something other than resources (openid, fhirUser,
 * launch, launch/patient, launch/encounter, offline_access, online_access). Pure: no HTTP, no database.
 */

export const scopeContexts = ['patient', 'user', 'system'] as const;
export type ScopeContext = (typeof scopeContexts)[number];

/** Permission letters in the one order SMART v2 allows: create, read, update, delete, search. */
export const permissionLetters = ['c', 'r', 'u', 'd', 's'] as const;
export type Permission = (typeof permissionLetters)[number];

export const nonResourceScopes = ['openid', 'fhirUser', 'profile', 'launch', 'launch/patient', 'launch/encounter', 'offline_access', 'online_access'] as const;
export type NonResourceScope = (typeof nonResourceScopes)[number];

/** One `name=value` of a scope's restriction, e.g. category=http://terminology.hl7.org/CodeSystem/observation-category|laboratory. */
export interface ScopeRestriction {
  name: string;
  value: string;
}

export interface ResourceScope {
  kind: 'resource';
  context: ScopeContext;
  /** A FHIR resource type, or '*' for every type. */
  resourceType: string;
  /** Distinct letters, in c r u d s order. */
  permissions: readonly Permission[];
  /** Every restriction must hold for the scope to grant access (an empty list: no restriction). */
  restrictions: readonly ScopeRestriction[];
}

export interface OtherScope {
  kind: 'other';
  scope: NonResourceScope;
}

export type Scope = ResourceScope | OtherScope;

/** A scope string that is not a SMART scope this server understands; `scope` is the string at fault. */
export class ScopeError extends Error {
  constructor(
    readonly scope: string,
    message: string,
  ) {
    super(message);
    this.name = 'ScopeError';
  }
}

// A Map, not an object: "valueOf" or "constructor" must not be taken for v1 permissions.
const v1Permissions: ReadonlyMap<string, readonly Permission[]> = new Map([['read', ['r', 's']], ['write', ['c', 'u', 'd']], ['*', ['c', 'r', 'u', 'd', 's']]]);
const resourceTypePattern = /^(\*|[A-Z][A-Za-z]{0,63})$/;
const restrictionNamePattern = /^[A-Za-z_][A-Za-z0-9_.-]{0,63}(:[A-Za-z-]{1,32})?$/;

/** Parses one scope; throws ScopeError naming it when it is not a SMART scope. */
export function parseScope(text: string): Scope {
  if ((nonResourceScopes as readonly string[]).includes(text)) return { kind: 'other', scope: text as NonResourceScope };
  const bad = (why: string): ScopeError => new ScopeError(text, `"${text}" is not a SMART scope: ${why}.`);
  if (text === '' || /\s/.test(text)) throw bad('a scope is one word with no spaces');
  const slash = text.indexOf('/');
  if (slash < 0) throw bad('expected <patient|user|system>/<resource type or *>.<permissions>, e.g. user/Patient.rs');
  const context = text.slice(0, slash);
  if (!(scopeContexts as readonly string[]).includes(context)) throw bad(`the context "${context}" is not patient, user or system`);
  const [body, query] = splitOnce(text.slice(slash + 1), '?');
  const dot = body.lastIndexOf('.');
  if (dot < 0) throw bad('the resource type must be followed by a dot and permissions, e.g. .rs');
  const resourceType = body.slice(0, dot);
  const letters = body.slice(dot + 1);
  if (!resourceTypePattern.test(resourceType)) throw bad(`"${resourceType}" is not a FHIR resource type or *`);
  const permissions = v1Permissions.get(letters) ?? v2Permissions(letters, bad);
  if (query !== undefined && v1Permissions.has(letters)) throw bad('restrictions (?name=value) go with v2 permissions only, e.g. .rs?category=…');
  const restrictions = query === undefined ? [] : parseRestrictions(query, bad);
  return { kind: 'resource', context: context as ScopeContext, resourceType, permissions, restrictions };
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}

function v2Permissions(letters: string, bad: (why: string) => ScopeError): Permission[] {
  if (!/^c?r?u?d?s?$/.test(letters) || letters === '') {
    throw bad(`the permissions "${letters}" must be one or more of c, r, u, d, s in that order (or v1 read, write, *)`);
  }
  return permissionLetters.filter((p) => letters.includes(p));
}

function parseRestrictions(query: string, bad: (why: string) => ScopeError): ScopeRestriction[] {
  if (query === '') throw bad('nothing follows the ?');
  return query.split('&').map((pair) => {
    const [rawName, rawValue] = splitOnce(pair, '=');
    let name: string;
    let value: string;
    try {
      name = decodeURIComponent(rawName);
      value = decodeURIComponent(rawValue ?? '');
    } catch {
      throw bad(`the restriction "${pair}" is not valid percent-encoding`);
    }
    if (!restrictionNamePattern.test(name)) throw bad(`the restriction "${pair}" must be a search parameter name, =, and a value`);
    if (rawValue === undefined || value === '') throw bad(`the restriction "${name}" has no value`);
    return { name, value };
  });
}

/** Parses a space-separated scope list (RFC 6749 §3.3), in order, without repeats; throws ScopeError at the first bad one. */
export function parseScopes(text: string): Scope[] {
  const seen = new Set<string>();
  const out: Scope[] = [];
  for (const word of text.split(/[ \t\r\n]+/)) {
    if (word === '') continue;
    const scope = parseScope(word);
    const key = formatScope(scope);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(scope);
  }
  return out;
}

const encodeRestriction = (text: string): string => text.replace(/[%&=?\s#+]/g, (c) => encodeURIComponent(c));

/** The scope as SMART v2 writes it (v1 forms come out as their v2 equivalents). */
export function formatScope(scope: Scope): string {
  if (scope.kind === 'other') return scope.scope;
  const restrictions = scope.restrictions.map((r) => `${encodeRestriction(r.name)}=${encodeRestriction(r.value)}`).join('&');
  return `${scope.context}/${scope.resourceType}.${scope.permissions.join('')}${restrictions === '' ? '' : `?${restrictions}`}`;
}

/** The scopes as one space-separated string. */
export function formatScopes(scopes: readonly Scope[]): string {
  return scopes.map(formatScope).join(' ');
}

/** What a request wants to do, to be checked against the scopes it came with. */
export interface ScopeQuery {
  /** Only scopes of this context count; any context when not given. */
  context?: ScopeContext;
  resourceType: string;
  interaction: Permission;
}

const resourceScopes = (scopes: readonly (Scope | string)[]): ResourceScope[] =>
  scopes.flatMap((s) => {
    const scope = typeof s === 'string' ? tryParse(s) : s;
    return scope?.kind === 'resource' ? [scope] : [];
  });

function tryParse(text: string): Scope | undefined {
  try {
    return parseScope(text);
  } catch {
    return undefined;
  }
}

const covers = (scope: ResourceScope, q: ScopeQuery): boolean =>
  (q.context === undefined || scope.context === q.context) && (scope.resourceType === '*' || scope.resourceType === q.resourceType) && scope.permissions.includes(q.interaction);

/**
 * Whether the scopes grant the interaction on every resource of the type: a scope with restrictions
 * grants only the resources that meet them, so it does not count here (see scopeGrant). Strings that
 * are not SMART scopes grant nothing.
 */
export function scopesAllow(scopes: readonly (Scope | string)[], q: ScopeQuery): boolean {
  return resourceScopes(scopes).some((s) => s.restrictions.length === 0 && covers(s, q));
}

/**
 * What the scopes grant for the interaction: everything, nothing, or the resources that meet any one
 * of the listed restriction sets (each set's restrictions all hold), for the caller to apply as search
 * parameters.
 */
export function scopeGrant(scopes: readonly (Scope | string)[], q: ScopeQuery): 'all' | 'none' | { anyOf: (readonly ScopeRestriction[])[] } {
  const matching = resourceScopes(scopes).filter((s) => covers(s, q));
  if (matching.length === 0) return 'none';
  if (matching.some((s) => s.restrictions.length === 0)) return 'all';
  return { anyOf: matching.map((s) => s.restrictions) };
}

export const fhirInteractions = ['read', 'vread', 'search', 'history', 'create', 'update', 'patch', 'delete', 'everything', 'capabilities'] as const;
export type FhirInteraction = (typeof fhirInteractions)[number];

/**
 * The permission letter a FHIR interaction needs (SMART v2: read and vread are r, search and history
 * of a type are s, patch is u; $everything is a search across the record), or null for one that
 * needs no scope (the CapabilityStatement is public, FHIR R4 http.html#capabilities).
 */
export function interactionPermission(interaction: FhirInteraction): Permission | null {
  switch (interaction) {
    case 'read':
    case 'vread':
      return 'r';
    case 'search':
    case 'history':
    case 'everything':
      return 's';
    case 'create':
      return 'c';
    case 'update':
    case 'patch':
      return 'u';
    case 'delete':
      return 'd';
    case 'capabilities':
      return null;
  }
}

/**
 * Whether `asked` is within `allowed`: each of its permissions is granted by an allowed scope of the
 * same context for its type (or *) whose restrictions it keeps (it may add more, asking for less).
 * Other scopes must be allowed as they are.
 */
export function scopeWithin(asked: Scope, allowed: readonly Scope[]): boolean {
  if (asked.kind === 'other') return allowed.some((a) => a.kind === 'other' && a.scope === asked.scope);
  return asked.permissions.every((p) =>
    allowed.some(
      (a) =>
        a.kind === 'resource' && a.context === asked.context && (a.resourceType === '*' || a.resourceType === asked.resourceType) && a.permissions.includes(p) &&
        a.restrictions.every((r) => asked.restrictions.some((x) => x.name === r.name && x.value === r.value)),
    ),
  );
}

const permissionWords: Readonly<Record<Permission, string>> = { c: 'create', r: 'read', u: 'update', d: 'delete', s: 'search' };
const otherWords: Readonly<Record<NonResourceScope, string>> = {
  openid: 'Know who you are',
  fhirUser: 'Know who you are in the record',
  profile: 'See your name and role',
  launch: 'Start from a place in the record',
  'launch/patient': 'Be told which person is open',
  'launch/encounter': 'Be told which encounter is open',
  offline_access: 'Keep access when you are not using it',
  online_access: 'Keep access while you are signed in',
};

/** The scope in plain words, for the person asked to approve it, e.g. "Read and search patients' records (Patient)". */
export function describeScope(scope: Scope): string {
  if (scope.kind === 'other') return otherWords[scope.scope];
  const words = scope.permissions.map((p) => permissionWords[p]);
  const list = words.length === 1 ? words[0] ?? '' : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1] ?? ''}`;
  const what = scope.resourceType === '*' ? 'every kind of record' : `${scope.resourceType} records`;
  const whose = scope.context === 'patient' ? ' of the person open' : scope.context === 'user' ? ' you can see' : '';
  const only = scope.restrictions.length === 0 ? '' : ` (only where ${scope.restrictions.map((r) => `${r.name} is ${r.value}`).join(' and ')})`;
  return `${list.charAt(0).toUpperCase()}${list.slice(1)} ${what}${whose}${only}`;
}
