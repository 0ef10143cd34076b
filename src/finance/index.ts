/**
 * Finance: money that follows the person — the pooled fund and its ledger, risk share, personal
 * budgets and Care Act charging (DOMAIN.md §1, §2.1, §7).
 */
import { fileURLToPath } from 'node:url';
import type { Capability } from '../platform/index.js';
import { financeErrors } from './errors.js';

export const financeCapability: Capability = {
  name: 'finance',
  schema: 'finance',
  migrationsDir: fileURLToPath(new URL('./migrations/', import.meta.url)),
  errors: financeErrors,
};

export { financeError, financeErrors, type FinanceErrorCode } from './errors.js';
/** The ledger: double-entry, append-only, idempotent postings; balances derived; reversal; period close; verify (docs/finance/ledger.md). */
export {
  balances, closedPeriods, closePeriod, ensureAccounts, getJournal, listAccounts, postings, postJournal, postJournals, reverseJournal, verifyLedger,
  type Account, type AccountKind, type Journal, type JournalInput, type LedgerProblem, type LedgerVerification, type Posting, type PostingFilter, type PostingLine,
} from './ledger.js';
/** The pooled fund: partners, streams, schemes, care packages, actuals, position at a date (docs/finance/pooled-fund.md). */
export {
  addBlockCommitments, addCarePackages, defineFund, fundAccounts, fundPackages, fundPosition, getFund, listFunds, personPackages, postActual, recordRiskShare,
  type ActualInput, type BlockCommitmentInput, type CarePackage, type CarePackageInput, type Fund, type FundDefinition, type FundPosition, type Funder,
} from './fund.js';
export { FundDocument, fundDefinitionOf } from './fund-document.js';
/** The risk share as data: proportional up to a cap, host carries, fixed shares; underspend too. */
export { agreementOn, apportion, parseRiskShareRule, shareRisk, RiskShareRuleError, type RiskShare, type RiskShareAgreement, type RiskShareRule } from './risk-share.js';
/** Personal budgets, direct payments, health budgets and a person's money (docs/finance/personal-budgets.md). */
export {
  addHealthBudget, agreePersonalBudget, currentPersonalBudget, directPaymentAccounts, indicativeBudget, listRasRuleSets, personMoney, postDirectPayment, rasRulesOn,
  type ContributionLookup, type HealthBudget, type PersonalBudget, type PersonMoney, type RasRules, type RasRuleSet,
} from './budgets.js';
export { pounds } from './charging/money.js';
/** The demo locality's pooled fund, packages and budgets. */
export { financialYearOn, seedDemoFund, type DemoFundSummary } from './demo.js';
/** Care Act charging: the financial assessment engine, the figures of each year and councils' policies (docs/finance/charging.md). */
export {
  charge, ChargeInputError, chargeInputOf, chargeOf, chargingRates, councilPolicies, councilPolicy, incomeType, incomeTypes, periodRules, periods, policyFor, ratesFor,
  statutoryPolicy, weeklyPence,
  type ChargeInput, type ChargeLine, type ChargeProblem, type ChargeResult, type ChargingPolicy, type ChargingRates, type CouncilPolicy, type IncomeType, type Period, type Setting,
} from './charging/index.js';
/** Stored financial assessments of a person: record, list, the current one and its weekly charge. */
export { assessedContribution, currentAssessment, listAssessments, recordAssessment, type Assessment } from './assessments.js';
export { financeRoutes } from './routes.js';
