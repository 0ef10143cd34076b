/**
 * Stored financial assessments: each computed from its input document by the charging engine and kept
 * with who assessed and when, never changed (a reassessment is a new one). Callers check that the
 * reader may see the person first (routes: maySeePerson).
 */
import type { Queryable } from '../platform/index.js';
import { charge, chargeInputOf, type ChargeResult } from './charging/index.js';

export interface Assessment {
  id: string;
  personId: string;
  financialYear: string;
  setting: 'non_residential' | 'residential';
  weeklyChargePence: number;
  councilPaysPence: number;
  selfFunder: boolean;
  assessedAt: string;
  assessedBy: string;
  input: Record<string, unknown>;
  result: ChargeResult;
}

interface AssessmentRow {
  id: string;
  person_id: string;
  financial_year: string;
  setting: Assessment['setting'];
  weekly_charge_pence: number | string | bigint;
  council_pays_pence: number | string | bigint;
  self_funder: boolean;
  assessed_at: string | Date;
  assessed_by: string;
  input: Record<string, unknown>;
  result: ChargeResult;
}

const columns = `id::text AS id, person_id::text AS person_id, financial_year, setting, weekly_charge_pence, council_pays_pence, self_funder,
  assessed_at, assessed_by, input, result`;
const toAssessment = (r: AssessmentRow): Assessment => ({
  id: r.id, personId: r.person_id, financialYear: r.financial_year, setting: r.setting, weeklyChargePence: Number(r.weekly_charge_pence),
  councilPaysPence: Number(r.council_pays_pence), selfFunder: r.self_funder, assessedAt: new Date(r.assessed_at).toISOString(), assessedBy: r.assessed_by,
  input: r.input, result: r.result,
});

/** Assesses the document (throwing ChargeInputError listing every problem) and stores input and result for the person. */
export async function recordAssessment(db: Queryable, a: { personId: number; document: unknown; assessedBy: string; at?: Date }): Promise<Assessment> {
  const input = chargeInputOf(a.document);
  const result = charge(input);
  const { rows } = await db.query<AssessmentRow>(
    `INSERT INTO finance.financial_assessment (person_id, input, result, financial_year, setting, weekly_charge_pence, council_pays_pence, self_funder, assessed_by, assessed_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING ${columns}`,
    [a.personId, JSON.stringify(a.document), JSON.stringify(result), result.financial_year, result.setting, result.weekly_charge_pence, result.council_pays_pence,
      result.self_funder, a.assessedBy, (a.at ?? new Date()).toISOString()],
  );
  const row = rows[0];
  if (row === undefined) throw new Error('The assessment was not stored');
  return toAssessment(row);
}

/** The person's assessments, newest first. */
export async function listAssessments(db: Queryable, personId: number): Promise<Assessment[]> {
  const { rows } = await db.query<AssessmentRow>(
    `SELECT ${columns} FROM finance.financial_assessment WHERE person_id = $1 ORDER BY assessed_at DESC, id DESC`, [personId],
  );
  return rows.map(toAssessment);
}

/** The person's latest assessment, or the one with this id when it is theirs; null when there is none. */
export async function currentAssessment(db: Queryable, personId: number, id?: string): Promise<Assessment | null> {
  const { rows } = id === undefined
    ? await db.query<AssessmentRow>(`SELECT ${columns} FROM finance.financial_assessment WHERE person_id = $1 ORDER BY assessed_at DESC, id DESC LIMIT 1`, [personId])
    : /^[0-9]{1,18}$/.test(id)
      ? await db.query<AssessmentRow>(`SELECT ${columns} FROM finance.financial_assessment WHERE person_id = $1 AND id = $2`, [personId, id])
      : { rows: [] };
  const row = rows[0];
  return row === undefined ? null : toAssessment(row);
}

/** The weekly charge of the person's latest (or the named) assessment, for a personal budget's contribution (budgets' ContributionLookup). */
export async function assessedContribution(db: Queryable, personId: number, assessmentId: string | undefined): Promise<{ assessmentId: string | null; weeklyChargePence: number } | null> {
  const found = await currentAssessment(db, personId, assessmentId);
  return found === null ? null : { assessmentId: found.id, weeklyChargePence: found.weeklyChargePence };
}
