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
  organisationId: string | null;
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
  }
}

/** The name to record for whoever acts: the signed-in person, else what the request says, else "unknown user". */
export function actingAs(signedIn: SignedIn | undefined, ...claimed: (string | undefined)[]): string {
  return signedIn?.name ?? claimed.find((c) => c !== undefined && c.trim() !== '') ?? 'unknown user';
}
