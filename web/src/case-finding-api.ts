// Calls to the risk API for case-finding: the practices scored, a practice's worklist, a person's risk, and the team's decisions.
import { ApiError, getJson, postJson } from './api.js';
import {
  isPersonRisk, isPersonRiskAnswer, isRiskPractices, isWorklist, type PersonRisk, type RiskDecisionInput, type RiskPractices, type Worklist, type WorklistStatus,
} from './case-finding.js';

function checked<T>(body: unknown, check: (body: unknown) => body is T, what: string): T {
  if (!check(body)) throw new ApiError(`The server sent ${what} in a form this page does not understand.`, 200);
  return body;
}

/** The latest scoring run and the practices in it with people the reader may see (404 no_scores before anyone is scored). */
export async function fetchRiskPractices(signal?: AbortSignal): Promise<RiskPractices> {
  return checked(await getJson('/api/risk/practices', signal), isRiskPractices, 'the practices scored');
}

/** One practice's list (or those excluded or enrolled from it), highest risk first. */
export async function fetchWorklist(practice: string, show: WorklistStatus, signal?: AbortSignal): Promise<Worklist> {
  const query = new URLSearchParams({ practice, show });
  return checked(await getJson(`/api/risk/worklist?${query.toString()}`, signal), isWorklist, 'the case-finding list');
}

/** The person's risk in the latest run, why, and the team's decision; null when they were not scored. */
export async function fetchPersonRisk(personId: string, signal?: AbortSignal): Promise<PersonRisk | null> {
  return checked(await getJson(`/api/people/${encodeURIComponent(personId)}/risk`, signal), isPersonRiskAnswer, 'the person’s risk').risk;
}

/** Excludes the person from the list with why, enrols them with a coordinator (who joins their care team), or returns them to the list. */
export async function decideOnRisk(personId: string, input: RiskDecisionInput): Promise<PersonRisk> {
  return checked(await postJson(`/api/people/${encodeURIComponent(personId)}/risk/decision`, input), isPersonRisk, 'the decision');
}
