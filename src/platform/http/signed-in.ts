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

declare module 'fastify' {
  interface FastifyRequest {
    signedIn?: SignedIn;
  }
}

/** The name to record for whoever acts: the signed-in person, else what the request says, else "unknown user". */
export function actingAs(signedIn: SignedIn | undefined, ...claimed: (string | undefined)[]): string {
  return signedIn?.name ?? claimed.find((c) => c !== undefined && c.trim() !== '') ?? 'unknown user';
}
