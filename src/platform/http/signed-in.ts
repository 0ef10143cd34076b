/**
 * Who made a request, when a person signed in made it: the access capability's routes fill this in
 * from the session cookie for every request, so that any capability's routes can record who acted
 * without depending on access.
 */
export interface SignedIn {
  accountId: number;
  username: string;
  /** The person's name as records show it, e.g. "Dr Ada Okafor". */
  name: string;
  role: string;
  /** The role in words, e.g. "District nurse". */
  roleName: string;
  organisationId: string | null;
  /** The teams the person is in (a team on someone's care team lets its members see their record). */
  teams: readonly string[];
}

/** A system (not a person) calling with an OAuth 2.0 client-credentials token. */
export interface SystemCaller {
  clientId: string;
  /** The system's name as registered, e.g. "Bayside Hospital PAS". */
  name: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The person acting: from the session cookie, or from a bearer token an app was given for them. */
    signedIn?: SignedIn;
    /** The system acting, when the bearer token is a system's. */
    system?: SystemCaller;
    /** The SMART on FHIR scopes of the bearer token (e.g. "user/Patient.rs"); undefined for a web session. */
    scopes?: readonly string[];
    /** The person a token was approved for (a SMART patient launch context): it reaches no one else. */
    launchPerson?: number;
  }
}

/**
 * Who acted, as the audit trail names them: "Dr Ada Okafor (GP, bayside-practice)" for a person,
 * "Bayside Hospital PAS (system)" for a system with a token, else "anonymous".
 */
export function actorOf(request: { signedIn?: SignedIn; system?: SystemCaller }): string {
  const s = request.signedIn;
  if (s) return `${s.name} (${s.roleName}${s.organisationId ? `, ${s.organisationId}` : ''})`;
  return request.system ? `${request.system.name} (system)` : 'anonymous';
}
