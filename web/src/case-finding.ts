// What the risk API sends about case-finding (src/risk/routes.ts): the scoring run, the practices
// scored, a practice's worklist and a person's place on it, with checks that an answer is in the
// form the pages expect, and the words the pages use for risks, changes and decisions.

/** A scoring run: every person's risk as on `indexDate`, by model version `modelVersion`. */
export interface RiskRun {
  id: string;
  modelVersion: number;
  indexDate: string;
  finishedAt: string;
  people: number;
}

/** Something that raises the person's risk above the population's average, in words. */
export interface RiskFactor {
  group: string;
  text: string;
  contribution: number;
}

/** The team's latest decision on a person: excluded with why, enrolled with a coordinator, or returned to the list. */
export interface RiskDecision {
  kind: 'excluded' | 'enrolled' | 'returned';
  reason: string;
  note: string | null;
  coordinator: string | null;
  decidedBy: string;
  decidedAt: string;
}

/** Which of a practice's lists a person is on. */
export type WorklistStatus = 'listed' | 'excluded' | 'enrolled';

/** A person on a practice's case-finding list, with their risk, why, what changed and the team's decision. */
export interface WorklistEntry {
  personId: string;
  name: string | null;
  nhsNumber: string | null;
  birthDate: string | null;
  practice: string | null;
  /** The chance (0 to 1) of an emergency admission in the 12 months from the run's index date. */
  probability: number;
  /** Place in the practice, highest risk first. */
  rank: number;
  factors: RiskFactor[];
  change: 'new' | 'risen' | null;
  previousProbability: number | null;
  status: WorklistStatus;
  decision: RiskDecision | null;
}

export type PersonRisk = WorklistEntry & { run: RiskRun };

export interface RiskPractice {
  code: string;
  name: string | null;
  /** How many of its people scored the reader may see. */
  people: number;
}

export interface RiskPractices {
  run: RiskRun;
  practices: RiskPractice[];
}

export interface Worklist {
  run: RiskRun;
  practice: string;
  top: number;
  entries: WorklistEntry[];
}

/** Why a person is taken off the list (the reasons of src/risk/worklist.ts, in its words). */
export type ExclusionReason = 'case-managed' | 'end-of-life' | 'opted-out' | 'other';

export const exclusionReasons: readonly { value: ExclusionReason; label: string }[] = [
  { value: 'case-managed', label: 'Already case-managed' },
  { value: 'end-of-life', label: 'At the end of life' },
  { value: 'opted-out', label: 'Opted out of case-finding' },
  { value: 'other', label: 'Another reason' },
];

/** What the team decides on a person: the body of POST /api/people/:id/risk/decision. */
export type RiskDecisionInput =
  | { decision: 'exclude'; reason: ExclusionReason; note?: string }
  | { decision: 'enrol'; coordinator: string; note?: string }
  | { decision: 'return' };

type Fields = Record<string, unknown>;

const isObject = (value: unknown): value is Fields => typeof value === 'object' && value !== null;
const isString = (value: unknown): value is string => typeof value === 'string';
const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const isStringOrNull = (value: unknown): value is string | null => value === null || typeof value === 'string';
const everyOf = <T,>(value: unknown, check: (item: unknown) => item is T): value is T[] => Array.isArray(value) && value.every(check);

export function isRiskRun(value: unknown): value is RiskRun {
  return isObject(value) && isString(value.id) && isNumber(value.modelVersion) && isString(value.indexDate) && isString(value.finishedAt) && isNumber(value.people);
}

function isRiskFactor(value: unknown): value is RiskFactor {
  return isObject(value) && isString(value.group) && isString(value.text) && isNumber(value.contribution);
}

const decisionKinds: readonly unknown[] = ['excluded', 'enrolled', 'returned'];
const statuses: readonly unknown[] = ['listed', 'excluded', 'enrolled'];
const changes: readonly unknown[] = ['new', 'risen', null];

function isRiskDecision(value: unknown): value is RiskDecision {
  return isObject(value) && decisionKinds.includes(value.kind) && isString(value.reason) && isStringOrNull(value.note) && isStringOrNull(value.coordinator)
    && isString(value.decidedBy) && isString(value.decidedAt);
}

export function isWorklistEntry(value: unknown): value is WorklistEntry {
  return isObject(value) && isString(value.personId) && isStringOrNull(value.name) && isStringOrNull(value.nhsNumber) && isStringOrNull(value.birthDate)
    && isStringOrNull(value.practice) && isNumber(value.probability) && isNumber(value.rank) && everyOf(value.factors, isRiskFactor)
    && changes.includes(value.change) && (value.previousProbability === null || isNumber(value.previousProbability)) && statuses.includes(value.status)
    && (value.decision === null || isRiskDecision(value.decision));
}

export function isPersonRisk(value: unknown): value is PersonRisk {
  return isWorklistEntry(value) && isRiskRun((value as unknown as Fields).run);
}

export function isRiskPractices(body: unknown): body is RiskPractices {
  return isObject(body) && isRiskRun(body.run)
    && everyOf(body.practices, (p): p is RiskPractice => isObject(p) && isString(p.code) && isStringOrNull(p.name) && isNumber(p.people));
}

export function isWorklist(body: unknown): body is Worklist {
  return isObject(body) && isRiskRun(body.run) && isString(body.practice) && isNumber(body.top) && everyOf(body.entries, isWorklistEntry);
}

export function isPersonRiskAnswer(body: unknown): body is { risk: PersonRisk | null } {
  return isObject(body) && (body.risk === null || isPersonRisk(body.risk));
}

/** A chance as a whole percentage: 0.342 → "34%"; below half a percent, "under 1%" rather than a misleading "0%". */
export function formatRisk(probability: number): string {
  if (probability < 0.005) return 'under 1%';
  return `${String(Math.round(probability * 100))}%`;
}

/** Whole years from a date of birth (YYYY-MM-DD) to `on` (YYYY-MM-DD); undefined when either is not a date. */
export function ageOn(birthDate: string, on: string): number | undefined {
  const pattern = /^(\d{4})-(\d{2})-(\d{2})$/;
  const born = pattern.exec(birthDate);
  const day = pattern.exec(on);
  if (born === null || day === null) return undefined;
  const [, by = '', bm = '', bd = ''] = born;
  const [, y = '', m = '', d = ''] = day;
  const years = Number(y) - Number(by) - (`${m}-${d}` < `${bm}-${bd}` ? 1 : 0);
  return years < 0 ? undefined : years;
}

/** What changed since the run before, as a tag's words: "New", "Risen (was 21%)", or null. */
export function changeText(entry: Pick<WorklistEntry, 'change' | 'previousProbability'>): string | null {
  switch (entry.change) {
    case 'new':
      return 'New';
    case 'risen':
      return entry.previousProbability === null ? 'Risen' : `Risen (was ${formatRisk(entry.previousProbability)})`;
    case null:
      return null;
  }
}

/** An exclusion reason's words ("end-of-life" → "At the end of life"); a reason the web UI does not know is shown as it is. */
export function exclusionReasonText(reason: string): string {
  return exclusionReasons.find((r) => r.value === reason)?.label ?? reason;
}

/** The decision in words: "Excluded: at the end of life", "Enrolled with coordinator sam.coordinator" or "Returned to the list". */
export function decisionText(decision: RiskDecision): string {
  switch (decision.kind) {
    case 'excluded': {
      const reason = exclusionReasonText(decision.reason);
      return `Excluded: ${reason.charAt(0).toLowerCase()}${reason.slice(1)}`;
    }
    case 'enrolled':
      return `Enrolled with coordinator ${decision.coordinator ?? 'not recorded'}`;
    case 'returned':
      return 'Returned to the list';
  }
}

/** A practice by name and code, "Bay Practice (Z90001)", or its code alone when its name is not known. */
export function practiceName(practice: Pick<RiskPractice, 'code' | 'name'>): string {
  return practice.name === null ? practice.code : `${practice.name} (${practice.code})`;
}

/** The list named by `?show=` in the page address: the list itself unless it names the excluded or the enrolled. */
export function worklistStatusOf(show: string | null): WorklistStatus {
  return show === 'excluded' || show === 'enrolled' ? show : 'listed';
}
