// What the access API sends about the relationships that let people see a record: the carers the
// person has let see it, and the person's care team. Each has a check that an answer is in the form
// the pages expect.

/** A carer the person has let see their record, until the person ends it. */
export interface CarerAccess {
  id: string;
  personId: string;
  carer: { accountId: string; username: string; name: string };
  reason: string;
  since: string;
  endedAt: string | null;
}

/** Who a care-team membership lets see the record: an organisation, a team, or one member of staff. */
export type CareTeamMemberKind = 'organisation' | 'team' | 'account';

/** A place on the person's care team, and so a reason to see their record, until it ends. */
export interface CareTeamMember {
  id: string;
  personId: string;
  member: { kind: CareTeamMemberKind; id: string; name: string };
  reason: string;
  addedBy: string | null;
  since: string;
  endedAt: string | null;
}

type Fields = Record<string, unknown>;

const isObject = (value: unknown): value is Fields => typeof value === 'object' && value !== null;
const isString = (value: unknown): value is string => typeof value === 'string';
const isStringOrNull = (value: unknown): value is string | null => value === null || typeof value === 'string';
const everyOf = <T,>(value: unknown, check: (item: unknown) => item is T): value is T[] => Array.isArray(value) && value.every(check);

export function isCarerAccess(value: unknown): value is CarerAccess {
  return isObject(value) && isString(value.id) && isObject(value.carer) && isString(value.carer.name) && isString(value.carer.username)
    && isString(value.reason) && isString(value.since) && isStringOrNull(value.endedAt);
}

export function isCarers(body: unknown): body is { carers: CarerAccess[] } {
  return isObject(body) && everyOf(body.carers, isCarerAccess);
}

const memberKinds: readonly unknown[] = ['organisation', 'team', 'account'];

export function isCareTeamMember(value: unknown): value is CareTeamMember {
  return isObject(value) && isString(value.id) && isObject(value.member) && memberKinds.includes(value.member.kind) && isString(value.member.name)
    && isString(value.reason) && isStringOrNull(value.addedBy) && isString(value.since) && isStringOrNull(value.endedAt);
}

export function isCareTeam(body: unknown): body is { members: CareTeamMember[] } {
  return isObject(body) && everyOf(body.members, isCareTeamMember);
}

/** What kind of member a membership is, in words. */
export function memberKindText(kind: CareTeamMemberKind): string {
  switch (kind) {
    case 'organisation':
      return 'Organisation';
    case 'team':
      return 'Team';
    case 'account':
      return 'Person';
  }
}
