/** The finance screens' addresses, and which screen a path is (app.tsx asks before its own routes). */
import { normalisePath, personPath } from './routes.js';

export type FinanceRoute =
  | { page: 'finance-assessment' }
  | { page: 'person-financial-assessment'; id: string }
  | { page: 'funds' }
  | { page: 'fund'; id: string }
  | { page: 'person-money'; id: string };

/** One path segment, decoded; undefined when it is not valid percent-encoding or empty. */
function segment(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  try {
    const decoded = decodeURIComponent(text);
    return decoded === '' ? undefined : decoded;
  } catch {
    return undefined;
  }
}

/** The finance screen for a path, or null when it is not one. */
export function financeRouteFor(pathname: string): FinanceRoute | null {
  const path = normalisePath(pathname);
  if (path === '/finance/assessment') return { page: 'finance-assessment' };
  if (path === '/finance/funds') return { page: 'funds' };
  const fund = segment(/^\/finance\/funds\/([^/]+)$/.exec(path)?.[1]);
  if (fund !== undefined) return { page: 'fund', id: fund };
  const assessed = segment(/^\/people\/([^/]+)\/financial-assessment$/.exec(path)?.[1]);
  if (assessed !== undefined) return { page: 'person-financial-assessment', id: assessed };
  const money = segment(/^\/people\/([^/]+)\/money$/.exec(path)?.[1]);
  if (money !== undefined) return { page: 'person-money', id: money };
  return null;
}

/** The address of the financial assessment form (of a person, when given). */
export function assessmentPath(personId?: string): string {
  return personId === undefined ? '/finance/assessment' : `${personPath(personId)}/financial-assessment`;
}

/** The address of a pooled fund's position, as at a day when given. */
export function fundPath(fundId: string, asOf?: string): string {
  const path = `/finance/funds/${encodeURIComponent(fundId)}`;
  return asOf === undefined ? path : `${path}?${new URLSearchParams({ asOf }).toString()}`;
}

/** The address of a person's money: budgets, direct payments, packages and assessments. */
export function moneyPath(personId: string): string {
  return `${personPath(personId)}/money`;
}
