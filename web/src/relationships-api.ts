// Calls to the access API about carers the person lets see their record, and the person's care team.
import { ApiError, getJson, postJson } from './api.js';
import { type CarerAccess, type CareTeamMember, isCarerAccess, isCarers, isCareTeam, isCareTeamMember } from './relationships.js';

function checked<T>(body: unknown, check: (body: unknown) => body is T, what: string): T {
  if (!check(body)) throw new ApiError(`The server sent ${what} in a form this page does not understand.`, 200);
  return body;
}

const person = (id: string): string => `/api/people/${encodeURIComponent(id)}`;

/** The carers the person has let see their record, those with access first. */
export async function fetchCarers(personId: string, signal?: AbortSignal): Promise<CarerAccess[]> {
  return checked(await getJson(`${person(personId)}/carers`, signal), isCarers, 'the carers').carers;
}

/** The person lets a carer, by the username of the carer's own account, see their record. */
export async function authoriseCarer(personId: string, input: { username: string; reason?: string }): Promise<CarerAccess> {
  return checked(await postJson(`${person(personId)}/carers`, input), isCarerAccess, 'the carer’s access');
}

/** The person ends a carer's access to their record. */
export async function endCarerAccess(id: string): Promise<CarerAccess> {
  return checked(await postJson(`/api/carers/${encodeURIComponent(id)}/end`, {}), isCarerAccess, 'the carer’s access');
}

/** The person's care team, current members first. */
export async function fetchCareTeam(personId: string, signal?: AbortSignal): Promise<CareTeamMember[]> {
  return checked(await getJson(`${person(personId)}/care-team`, signal), isCareTeam, 'the care team').members;
}

/** Who joins the care team: exactly one of an organisation, a team or a colleague (by username). */
export type NewCareTeamMember = ({ organisationId: string } | { teamId: string } | { username: string }) & { reason: string };

/** Adds an organisation, a team or a colleague to the person's care team, with why. */
export async function addToCareTeam(personId: string, input: NewCareTeamMember): Promise<CareTeamMember> {
  return checked(await postJson(`${person(personId)}/care-team`, input), isCareTeamMember, 'the care team member');
}

/** Ends a care-team membership, and the access it gave. */
export async function endCareTeamMembership(id: string): Promise<CareTeamMember> {
  return checked(await postJson(`/api/care-team/${encodeURIComponent(id)}/end`, {}), isCareTeamMember, 'the care team member');
}
