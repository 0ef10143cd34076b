/** Finance's errors: stable codes, with the HTTP status and a hint for each. */
import { AppError, type ErrorLocation } from '../platform/index.js';

export const financeErrors = {
  finance_input_invalid: { status: 400, title: 'The request cannot be used', hint: 'See the problems listed: each says where and what.' },
  fund_exists: { status: 409, title: 'That pooled fund is already recorded', hint: 'A fund is recorded once; give a new fund (a new year) a new id.' },
  fund_not_found: { status: 404, title: 'No such pooled fund', hint: 'List the funds with GET /api/finance/funds.' },
  package_not_found: { status: 404, title: 'No such care package', hint: 'A person\'s packages are listed in GET /api/people/:id/money.' },
  no_ras_rules: { status: 404, title: 'No resource allocation rules are in force on that date', hint: 'Load a rule set whose effective date is on or before the budget\'s start (GET /api/finance/ras lists them).' },
  no_direct_payment: { status: 409, title: 'The person takes no direct payment', hint: 'Agree a personal budget with deliveryMechanism "direct_payment" first: that opens the direct-payment account.' },
  idempotency_conflict: { status: 409, title: 'That idempotency key was used for another request', hint: 'A retry must send the same body as the first attempt; a new posting needs a new key.' },
  period_closed: { status: 409, title: 'The accounting period is closed', hint: 'Date the posting in an open period (a correction to a closed month is posted in the current one).' },
  journal_not_found: { status: 404, title: 'No such journal', hint: 'Journals are named by the id a posting answered with.' },
  journal_already_reversed: { status: 409, title: 'The journal has already been reversed', hint: 'A journal is reversed once; post a new journal to correct it further.' },
} as const;

export type FinanceErrorCode = keyof typeof financeErrors;

export function financeError(code: FinanceErrorCode, detail?: string, problems?: readonly ErrorLocation[]): AppError {
  return new AppError({ code, ...financeErrors[code] }, detail, problems === undefined ? undefined : { errors: problems });
}
