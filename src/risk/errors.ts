/** Case-finding's errors: stable codes, with the HTTP status and a hint for each. */
import { AppError, type ErrorLocation } from '../platform/index.js';

export const riskErrors = {
  model_not_found: { status: 404, title: 'No such model version', hint: 'List model versions with GET /api/risk/models or `joinedup risk models`; train one with `joinedup risk train`.' },
  no_scores: { status: 404, title: 'No one has been scored yet', hint: 'Score the population with `joinedup risk score` (it needs an active model: `joinedup risk train --activate`).' },
  risk_input_invalid: { status: 400, title: 'The request cannot be used', hint: 'See the problems listed: each says where and what.' },
  not_on_list: { status: 404, title: 'The person is not on the case-finding list', hint: 'Only people scored in the latest run, whom you may see, can be excluded or enrolled.' },
} as const;

export type RiskErrorCode = keyof typeof riskErrors;

export function riskError(code: RiskErrorCode, detail?: string, problems?: readonly ErrorLocation[]): AppError {
  return new AppError({ code, ...riskErrors[code] }, detail, problems === undefined ? undefined : { errors: problems });
}
