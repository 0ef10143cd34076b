/**
 * A real OpenID Connect identity provider for tests (oidc-provider), on a free port of 127.0.0.1,
 * with one confidential client and its development login form (any password; the login typed is
 * the subject) and consent form.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export interface TestIdentityProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The next token response's ID token goes out with its signature changed, as a forger's would. */
  forgeNextIdToken(): void;
  close(): Promise<void>;
}

/** The people the provider knows: their claims by subject. */
export type IdentityProviderPeople = Readonly<Record<string, Readonly<Record<string, string>>>>;

export async function startTestIdentityProvider(redirectUris: string[], people: IdentityProviderPeople): Promise<TestIdentityProvider> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = 'joinedup';
  const clientSecret = 'a long client secret for the tests';
  const provider = new Provider(issuer, {
    clients: [{ client_id: clientId, client_secret: clientSecret, redirect_uris: redirectUris, token_endpoint_auth_method: 'client_secret_post' }],
    findAccount: (_ctx, sub) => {
      const person = people[sub];
      return person ? { accountId: sub, claims: () => ({ sub, ...person }) } : undefined;
    },
    claims: { openid: ['sub'], profile: ['preferred_username', 'name'] },
    cookies: { keys: ['cookie signing key for the tests only'] },
    features: { devInteractions: { enabled: true } },
  });
  const handle = provider.callback();
  let forge = false;
  server.on('request', (request, response) => {
    if (forge && request.method === 'POST' && request.url === '/token') {
      forge = false;
      const end = response.end.bind(response) as (chunk: unknown) => typeof response;
      // One character of the signature, so the length (and Content-Length) stays the same.
      response.end = ((chunk: unknown) => end(String(chunk).replace(/("id_token":"[^."]+\.[^."]+\.)(.)/, (_m, head: string, c: string) => head + (c === 'A' ? 'B' : 'A')))) as typeof response.end;
    }
    void handle(request, response);
  });
  return {
    issuer, clientId, clientSecret,
    forgeNextIdToken: () => { forge = true; },
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => { resolve(); });
    }),
  };
}
