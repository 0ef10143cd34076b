/**
 * The pooled fund's risk share: who carries an overspend (and who gets an underspend back), by the
 * rule the partners agreed in the section 75 agreement (NHS Act 2006 s.75; NHS Bodies and Local
 * Authorities Partnership Arrangements Regulations 2000 reg 7 requires the agreement to say how
 * overspends and underspends are dealt with). Rules are data, versioned by the date they take
 * effect; the share is worked out at any date from the fund's forecast there. Pure: no database.
 */

/**
 * A risk-share rule.
 * - `proportional_capped`: overspend up to `capPence` is shared in proportion to the partners'
 *   contributions; anything above the cap is carried by the host partner.
 * - `host_carries`: the host partner carries all of it.
 * - `fixed_shares`: shared in the fixed proportions agreed (weights, e.g. { icb: 60, council: 40 }).
 * Underspend (`underspend`): returned to the partners in proportion to their contributions
 * ('proportional', the default for `proportional_capped`), kept by the host ('host', the default for
 * `host_carries`), or returned by the fixed shares ('fixed', the default for `fixed_shares`); a cap
 * never limits an underspend.
 */
export type RiskShareRule =
  | { kind: 'proportional_capped'; capPence: number; host: string; underspend?: 'proportional' | 'host' }
  | { kind: 'host_carries'; host?: string; underspend?: 'proportional' | 'host' }
  | { kind: 'fixed_shares'; shares: Readonly<Record<string, number>>; underspend?: 'proportional' | 'host' | 'fixed' };

export interface RiskShareAgreement {
  effectiveFrom: string;
  rule: RiskShareRule;
  description: string;
}

export interface RiskSharePartner {
  id: string;
  name: string;
  contributionPence: number;
}

export interface RiskShare {
  description: string;
  /** Forecast − budget: positive an overspend, negative an underspend. */
  overspendPence: number;
  /** Each partner's part of it (same sign); the parts add up to overspendPence exactly. */
  shares: { partnerId: string; name: string; amountPence: number }[];
  /** How it was worked out, line by line. */
  lines: { label: string; amountPence: number }[];
}

export class RiskShareRuleError extends Error {}

/** The agreement in force on `asOf`: the latest whose effective date is on or before it. */
export function agreementOn<A extends { effectiveFrom: string }>(agreements: readonly A[], asOf: string): A | undefined {
  let best: A | undefined;
  for (const a of agreements) if (a.effectiveFrom <= asOf && (best === undefined || a.effectiveFrom > best.effectiveFrom)) best = a;
  return best;
}

/**
 * Splits `total` pence over `weights` so the parts add up exactly: each gets the whole pence of its
 * proportion (toward zero), and the pence left over go one each to the largest remainders (ties to
 * the earlier partner), the largest-remainder (Hamilton) method.
 */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, w) => a + w, 0);
  if (weights.length === 0) return [];
  if (sum <= 0) throw new RiskShareRuleError('the weights to share by add up to nothing');
  const sign = total < 0 ? -1 : 1;
  const magnitude = Math.abs(total);
  const exact = weights.map((w) => (magnitude * w) / sum);
  const parts = exact.map((x) => Math.floor(x));
  let left = magnitude - parts.reduce((a, p) => a + p, 0);
  const order = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    parts[i] = (parts[i] ?? 0) + 1;
    left--;
  }
  return parts.map((p) => (p === 0 ? 0 : sign * p));
}

const pounds = (pence: number): string => `£${(Math.abs(pence) / 100).toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

function hostOf(partners: readonly RiskSharePartner[], host: string | undefined, hostPartnerId: string | null): RiskSharePartner {
  const id = host ?? hostPartnerId;
  const found = partners.find((p) => p.id === id);
  if (found === undefined) throw new RiskShareRuleError(`the host partner "${id ?? ''}" is not a partner in the fund`);
  return found;
}

/** Checks a rule's shape (from a file or a request) and says what is wrong, or returns it typed. */
export function parseRiskShareRule(value: unknown): RiskShareRule {
  if (typeof value !== 'object' || value === null) throw new RiskShareRuleError('a risk-share rule is an object with a "kind"');
  const v = value as Record<string, unknown>;
  const underspend = v.underspend;
  if (underspend !== undefined && underspend !== 'proportional' && underspend !== 'host' && !(underspend === 'fixed' && v.kind === 'fixed_shares')) {
    throw new RiskShareRuleError(`underspend must be "proportional" or "host"${v.kind === 'fixed_shares' ? ' or "fixed"' : ''}`);
  }
  switch (v.kind) {
    case 'proportional_capped':
      if (typeof v.capPence !== 'number' || !Number.isSafeInteger(v.capPence) || v.capPence < 0) throw new RiskShareRuleError('capPence must be a whole number of pence, 0 or more');
      if (typeof v.host !== 'string' || v.host === '') throw new RiskShareRuleError('host must name the host partner');
      return value as RiskShareRule;
    case 'host_carries':
      if (v.host !== undefined && typeof v.host !== 'string') throw new RiskShareRuleError('host must name the host partner');
      return value as RiskShareRule;
    case 'fixed_shares': {
      const shares = v.shares;
      if (typeof shares !== 'object' || shares === null || Object.keys(shares).length === 0) throw new RiskShareRuleError('shares must give each partner\'s share, e.g. { "icb": 60, "council": 40 }');
      if (Object.values(shares).some((s) => typeof s !== 'number' || !Number.isFinite(s) || s < 0)) throw new RiskShareRuleError('each share must be a number, 0 or more');
      return value as RiskShareRule;
    }
    default:
      throw new RiskShareRuleError(`kind must be "proportional_capped", "host_carries" or "fixed_shares", not ${JSON.stringify(v.kind)}`);
  }
}

/**
 * Who carries the fund's overspend (or gets its underspend back) under `agreement`, given the
 * partners' contributions; no agreement means the host carries it (as `host_carries`).
 */
export function shareRisk(
  agreement: { rule: RiskShareRule; description: string } | undefined,
  partners: readonly RiskSharePartner[],
  overspendPence: number,
  hostPartnerId: string | null,
): RiskShare {
  const rule: RiskShareRule = agreement?.rule ?? { kind: 'host_carries' };
  const description = agreement?.description ?? 'No risk-share agreement in force: the host partner carries any overspend and keeps any underspend.';
  const amounts = new Map(partners.map((p) => [p.id, 0]));
  const lines: RiskShare['lines'] = [];
  const add = (id: string, pence: number): void => { amounts.set(id, (amounts.get(id) ?? 0) + pence); };
  const contributions = partners.map((p) => p.contributionPence);
  const totalContribution = contributions.reduce((a, c) => a + c, 0);
  const byContribution = (pence: number, label: string): void => {
    const parts = apportion(pence, contributions);
    partners.forEach((p, i) => {
      const part = parts[i] ?? 0;
      add(p.id, part);
      lines.push({ label: `${label}: ${p.name} (${pounds(p.contributionPence)} of ${pounds(totalContribution)} contributed)`, amountPence: part });
    });
  };
  const toHost = (pence: number, label: string, host: RiskSharePartner): void => {
    add(host.id, pence);
    lines.push({ label: `${label}: ${host.name}, the host`, amountPence: pence });
  };
  const fixed = (pence: number, shares: Readonly<Record<string, number>>, label: string): void => {
    const unknown = Object.keys(shares).filter((id) => !partners.some((p) => p.id === id));
    if (unknown.length > 0) throw new RiskShareRuleError(`the fixed shares name ${unknown.join(', ')}, not partners in the fund`);
    const weights = partners.map((p) => shares[p.id] ?? 0);
    const total = weights.reduce((a, w) => a + w, 0);
    const parts = apportion(pence, weights);
    partners.forEach((p, i) => {
      const part = parts[i] ?? 0;
      add(p.id, part);
      lines.push({ label: `${label}: ${p.name} (${(((weights[i] ?? 0) / total) * 100).toFixed(1)}% agreed share)`, amountPence: part });
    });
  };

  lines.push({ label: overspendPence >= 0 ? 'Forecast overspend (forecast less budget)' : 'Forecast underspend (budget less forecast)', amountPence: overspendPence });
  if (overspendPence > 0) {
    switch (rule.kind) {
      case 'proportional_capped': {
        const host = hostOf(partners, rule.host, hostPartnerId);
        const shared = Math.min(overspendPence, rule.capPence);
        byContribution(shared, `Shared in proportion to contributions, up to the cap of ${pounds(rule.capPence)}`);
        if (overspendPence > shared) toHost(overspendPence - shared, 'Above the cap, carried by the host', host);
        break;
      }
      case 'host_carries':
        toHost(overspendPence, 'Carried by the host', hostOf(partners, rule.host, hostPartnerId));
        break;
      case 'fixed_shares':
        fixed(overspendPence, rule.shares, 'Shared in the agreed fixed shares');
        break;
    }
  } else if (overspendPence < 0) {
    const how = rule.underspend ?? (rule.kind === 'fixed_shares' ? 'fixed' : rule.kind === 'host_carries' ? 'host' : 'proportional');
    if (how === 'host') toHost(overspendPence, 'Underspend kept by the host', hostOf(partners, 'host' in rule ? rule.host : undefined, hostPartnerId));
    else if (how === 'fixed' && rule.kind === 'fixed_shares') fixed(overspendPence, rule.shares, 'Underspend returned in the agreed fixed shares');
    else byContribution(overspendPence, 'Underspend returned in proportion to contributions');
  }
  return { description, overspendPence, shares: partners.map((p) => ({ partnerId: p.id, name: p.name, amountPence: amounts.get(p.id) ?? 0 })), lines };
}
