/**
 * Who a bearer token acts for, on every API request. The signature is checked in memory; whether
 * its client (and, for a user token, its account) is still enabled is asked of the database at most
 * once every 30 seconds per client and account, so a disabled client or account loses access within
 * 30 s while a busy integration costs no database round trip per request.
 */
import type { Queryable, SignedIn, SystemCaller } from '../../platform/index.js';
import { signedInAs } from '../accounts.js';
import { clientEnabled } from './clients.js';
import { TokenError, type TokenService } from './tokens.js';

/** How long an answer about a client or account is reused. */
export const bearerCacheMs = 30_000;

export type BearerCaller =
  | { kind: 'system'; system: SystemCaller; scopes: readonly string[] }
  | { kind: 'user'; signedIn: SignedIn; clientId: string; scopes: readonly string[]; launchPerson?: number };

export interface BearerAuthenticator {
  /** Throws TokenError when the token does not verify or its client or account is disabled. */
  authenticate(token: string): Promise<BearerCaller>;
}

/** A small time-limited cache of lookups, dropped whole when it grows past `max` (there are few clients and active accounts). */
function cached<K, V>(look: (key: K) => Promise<V>, clock: () => number, max = 10_000): (key: K) => Promise<V> {
  const entries = new Map<K, { value: Promise<V>; at: number }>();
  return (key) => {
    const hit = entries.get(key);
    if (hit && clock() - hit.at < bearerCacheMs) return hit.value;
    if (entries.size >= max) entries.clear();
    const value = look(key);
    entries.set(key, { value, at: clock() });
    value.catch(() => entries.delete(key));
    return value;
  };
}

export function bearerAuthenticator(db: Queryable, tokens: TokenService, options: { clock?: () => number } = {}): BearerAuthenticator {
  const clock = options.clock ?? Date.now;
  const client = cached((id: string) => clientEnabled(db, id), clock);
  const account = cached((id: number) => signedInAs(db, id), clock);
  return {
    async authenticate(token) {
      const verified = await tokens.verify(token);
      const enabled = await client(verified.clientId);
      if (!enabled) throw new TokenError('the token\'s client is disabled');
      if (verified.kind === 'system') return { kind: 'system', system: { clientId: verified.clientId, name: enabled.name }, scopes: verified.scopes };
      const signedIn = await account(verified.accountId);
      if (!signedIn) throw new TokenError('the account the token acts for is disabled');
      return { kind: 'user', signedIn, clientId: verified.clientId, scopes: verified.scopes, ...(verified.launchPerson !== undefined ? { launchPerson: verified.launchPerson } : {}) };
    },
  };
}
