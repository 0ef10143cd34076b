import { createContext, useContext } from 'react';
import type { Session } from './session.js';

/** The session of this page load, known before the first render (main.tsx asks for it first). */
export const SessionContext = createContext<Session | null>(null);

/** Who is signed in, or null when no one is. */
export function useSession(): Session | null {
  return useContext(SessionContext);
}
