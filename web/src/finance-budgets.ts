// What the finance API sends about a person's money (GET /api/people/:id/money): personal budget,
// direct payment account, personal health budgets, care packages and money lines, with a check
// that an answer is in the form the money page expects.
import { everyOf, hasMoney, isNumber, isObject, isString, isStringOrNull } from './finance-checks.js';

export type Funder = 'council' | 'icb' | 'person' | 'pooled';

export interface PersonalBudget {
  id: string;
  indicativePence: number;
  agreedWeeklyPence: number;
  personContributionWeeklyPence: number;
  councilWeeklyPence: number;
  deliveryMechanism: 'direct_payment' | 'managed' | 'commissioned';
  start: string;
  end: string | null;
  rasPoints: number;
  ruleSet: string;
  agreedBy: string;
  agreedAt: string;
}

export interface MoneyLine {
  date: string;
  label: string;
  amountPence: number;
  funder: string;
}

export interface DirectPayment {
  accountId: string;
  balancePence: number;
  lines: MoneyLine[];
}

export interface HealthBudget {
  id: string;
  kind: string;
  weeklyPence: number;
  management: string;
  start: string;
  end: string | null;
}

export interface PersonPackage {
  id: string;
  schemeId: string;
  fundId: string;
  weeklyCostPence: number;
  start: string;
  end: string | null;
  funder: string;
}

export interface PersonMoney {
  personId: string;
  personalBudget: PersonalBudget | null;
  directPayment: DirectPayment | null;
  healthBudgets: HealthBudget[];
  packages: PersonPackage[];
  moneyLines: MoneyLine[];
}

const deliveryMechanisms: readonly unknown[] = ['direct_payment', 'managed', 'commissioned'];

export function isPersonalBudget(value: unknown): value is PersonalBudget {
  return isObject(value) && isString(value.id) && hasMoney(value, 'indicativePence', 'agreedWeeklyPence', 'personContributionWeeklyPence', 'councilWeeklyPence')
    && deliveryMechanisms.includes(value.deliveryMechanism) && isString(value.start) && isStringOrNull(value.end) && isNumber(value.rasPoints)
    && isString(value.ruleSet) && isString(value.agreedBy) && isString(value.agreedAt);
}

function isMoneyLine(value: unknown): value is MoneyLine {
  return isObject(value) && isString(value.date) && isString(value.label) && isNumber(value.amountPence) && isString(value.funder);
}

function isHealthBudget(value: unknown): value is HealthBudget {
  return isObject(value) && isString(value.id) && isString(value.kind) && isNumber(value.weeklyPence) && isString(value.management) && isString(value.start)
    && (value.end === undefined || isStringOrNull(value.end));
}

function isPersonPackage(value: unknown): value is PersonPackage {
  return isObject(value) && isString(value.id) && isString(value.schemeId) && isString(value.fundId) && isNumber(value.weeklyCostPence)
    && isString(value.start) && isStringOrNull(value.end) && isString(value.funder);
}

export function isPersonMoney(body: unknown): body is PersonMoney {
  return isObject(body) && isString(body.personId) && (body.personalBudget === null || isPersonalBudget(body.personalBudget))
    && (body.directPayment === null || (isObject(body.directPayment) && isString(body.directPayment.accountId) && isNumber(body.directPayment.balancePence)
      && everyOf(body.directPayment.lines, isMoneyLine)))
    && everyOf(body.healthBudgets, isHealthBudget) && everyOf(body.packages, isPersonPackage) && everyOf(body.moneyLines, isMoneyLine);
}
