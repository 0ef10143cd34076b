// What the finance API sends about pooled funds (src/finance/routes/fund.ts): the funds, a fund's
// position as at a day, and the care packages charged to it, with checks that an answer is in the
// form the pages expect, and the fund's figures in words.
import { everyOf, hasMoney, isNumber, isObject, isString, isStringOrNull } from './finance-checks.js';
import { formatPence } from './finance.js';

export interface Fund {
  id: string;
  name: string;
  financialYear: string;
  startDate: string;
  endDate: string;
  hostPartnerId: string | null;
}

export interface FundPartner {
  id: string;
  name: string;
  kind: 'icb' | 'council';
  contributionPence: number;
  actualPence: number;
  forecastPence: number;
  variancePence: number;
}

export interface FundStream {
  id: string;
  name: string;
  partnerId: string;
  amountPence: number;
}

export interface FundScheme {
  id: string;
  name: string;
  /** The stream funding most of it. */
  streamId: string | null;
  budgetPence: number;
  committedPence: number;
  actualPence: number;
  forecastPence: number;
  variancePence: number;
  packages: number;
}

export interface FundTotals {
  budgetPence: number;
  committedPence: number;
  actualPence: number;
  forecastPence: number;
  variancePence: number;
}

export interface RiskShare {
  description: string;
  overspendPence: number;
  shares: { partnerId: string; name: string; amountPence: number }[];
  lines: { label: string; amountPence: number }[];
}

export interface FundPosition {
  fund: Fund;
  asOf: string;
  partners: FundPartner[];
  streams: FundStream[];
  schemes: FundScheme[];
  totals: FundTotals;
  riskShare: RiskShare;
}

export interface FundPackage {
  id: string;
  personId: string;
  name: string | null;
  schemeId: string;
  weeklyCostPence: number;
  start: string;
  end: string | null;
  funder: string;
}

export interface FundPackages {
  packages: FundPackage[];
  next: string | null;
}

export function isFund(value: unknown): value is Fund {
  return isObject(value) && isString(value.id) && isString(value.name) && isString(value.financialYear) && isString(value.startDate)
    && isString(value.endDate) && isStringOrNull(value.hostPartnerId);
}

export function isFunds(body: unknown): body is { funds: Fund[] } {
  return isObject(body) && everyOf(body.funds, isFund);
}

const figures = ['actualPence', 'forecastPence', 'variancePence'];

function isPartner(value: unknown): value is FundPartner {
  return isObject(value) && isString(value.id) && isString(value.name) && (value.kind === 'icb' || value.kind === 'council')
    && hasMoney(value, 'contributionPence', ...figures);
}

function isScheme(value: unknown): value is FundScheme {
  return isObject(value) && isString(value.id) && isString(value.name) && isStringOrNull(value.streamId) && hasMoney(value, 'budgetPence', 'committedPence', ...figures)
    && isNumber(value.packages);
}

function isRiskShare(value: unknown): value is RiskShare {
  return isObject(value) && isString(value.description) && isNumber(value.overspendPence)
    && everyOf(value.shares, (s): s is RiskShare['shares'][number] => isObject(s) && isString(s.partnerId) && isString(s.name) && isNumber(s.amountPence))
    && everyOf(value.lines, (l): l is RiskShare['lines'][number] => isObject(l) && isString(l.label) && isNumber(l.amountPence));
}

export function isFundPosition(body: unknown): body is FundPosition {
  return isObject(body) && isFund(body.fund) && isString(body.asOf) && everyOf(body.partners, isPartner)
    && everyOf(body.streams, (s): s is FundStream => isObject(s) && isString(s.id) && isString(s.name) && isString(s.partnerId) && isNumber(s.amountPence))
    && everyOf(body.schemes, isScheme) && isObject(body.totals) && hasMoney(body.totals, 'budgetPence', 'committedPence', ...figures) && isRiskShare(body.riskShare);
}

function isFundPackage(value: unknown): value is FundPackage {
  return isObject(value) && isString(value.id) && isString(value.personId) && isStringOrNull(value.name) && isString(value.schemeId)
    && isNumber(value.weeklyCostPence) && isString(value.start) && isStringOrNull(value.end) && isString(value.funder);
}

export function isFundPackages(body: unknown): body is FundPackages {
  return isObject(body) && everyOf(body.packages, isFundPackage) && isStringOrNull(body.next);
}

/** A variance in words: positive is an overspend, negative an underspend (forecast − budget). */
export function varianceText(variancePence: number): string {
  if (variancePence > 0) return `${formatPence(variancePence)} over`;
  if (variancePence < 0) return `${formatPence(-variancePence)} under`;
  return 'On budget';
}

/** A valid calendar date YYYY-MM-DD, or undefined. */
export function calendarDateOf(text: string | null): string | undefined {
  if (text === null || !/^\d{4}-\d{2}-\d{2}$/.test(text)) return undefined;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text ? text : undefined;
}
