/**
 * The contract between the access capability and every route that touches person data. Each route
 * declares who may call it (`config.access`); for a person-data route the access capability works
 * out which people the caller may see and hands the route a PersonScope, which the route's queries
 * build into their SQL, so that lists and searches never hold people the caller may not see.
 */

/**
 * Which people a caller may see: a SQL condition over a person id, built into each query. `person`
 * is a SQL expression for the person id (e.g. "r.person_id"); the condition's values are pushed onto
 * `params` and referred to by number.
 */
export interface PersonScope {
  condition(person: string, params: unknown[]): string;
  /**
   * Of a visible person's records, those the caller may see (sensitive categories, the person's
   * consent directives): a SQL condition over one record's columns; none means every record.
   */
  records?(record: RecordColumns, params: unknown[]): string;
}

/** SQL expressions for a record's id, its source system and its person (e.g. "r.id", "r.source_id", "r.person_id"). */
export interface RecordColumns {
  id: string;
  sourceId: string;
  personId: string;
}

/** Every person (a system with a system-level scope, or code that runs with the installation's own authority). */
export const everyone: PersonScope = { condition: () => 'true' };

/**
 * Who may call a route: anyone; anyone signed in (a person or a system); a caller who may see
 * person data (the route gets request.personScope); the roles named (with `personData`, only people
 * those roles may see, as for person data); or the FHIR API, whose own policy decides each interaction.
 */
export type RouteAccess = 'public' | 'signed-in' | 'person-data' | 'fhir' | { roles: readonly string[]; personData?: boolean };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    /** Set for a person-data route: the people the caller may see. */
    personScope?: PersonScope;
  }
}

/** The scope a person-data route was given (the access capability sets it before the handler runs). */
export function personScopeOf(request: { personScope?: PersonScope }): PersonScope {
  if (request.personScope === undefined) throw new Error('This route reads person data but declares no config.access of "person-data"');
  return request.personScope;
}
