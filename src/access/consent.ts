/**
 * The person's choices about sharing their record: dissent (each organisation then sees only the
 * records its own systems hold) and restrictions on one organisation (which then sees only its own).
 * The lawful exception kept is break-glass, for the person's vital interests; the person always sees
 * all of their own record. Each directive is kept in access.consent_directive, where the access rules
 * read it, and written into the shared record as a FHIR R4 Consent (source "consent"), so that the
 * FHIR API serves it (Consent?patient=…) with its history.
 */
import type { Queryable, SignedIn } from '../platform/index.js';
import { applyChanges, type ResourceChange } from '../record/index.js';
import { accessError } from './errors.js';
import { careRoles } from './relationships.js';

/** The source system the consent register writes its Consent resources as. */
export const consentSource = 'consent';

export interface ConsentDirective {
  id: string;
  personId: string;
  kind: 'dissent' | 'restrict';
  organisation: { id: string; name: string; odsCode: string | null } | null;
  note: string | null;
  recordedBy: string;
  recordedAt: string;
  withdrawnBy: string | null;
  withdrawnAt: string | null;
}

interface Row {
  id: string; person_id: string; kind: 'dissent' | 'restrict'; organisation_id: string | null; organisation_name: string | null; ods_code: string | null;
  note: string | null; recorded_by: string; recorded_at: Date; withdrawn_by: string | null; withdrawn_at: Date | null;
}

const select = `SELECT cd.id::text, i.person_id::text, cd.kind, cd.organisation_id, o.name AS organisation_name, o.ods_code, cd.note,
       ra.display_name AS recorded_by, cd.recorded_at, wa.display_name AS withdrawn_by, cd.withdrawn_at
  FROM access.consent_directive cd JOIN people.identity i ON i.id = cd.identity_id
  JOIN access.account ra ON ra.id = cd.recorded_by LEFT JOIN access.account wa ON wa.id = cd.withdrawn_by
  LEFT JOIN access.organisation o ON o.id = cd.organisation_id`;

const toDirective = (r: Row): ConsentDirective => ({
  id: r.id, personId: r.person_id, kind: r.kind,
  organisation: r.organisation_id === null ? null : { id: r.organisation_id, name: r.organisation_name ?? r.organisation_id, odsCode: r.ods_code },
  note: r.note, recordedBy: r.recorded_by, recordedAt: r.recorded_at.toISOString(), withdrawnBy: r.withdrawn_by, withdrawnAt: r.withdrawn_at?.toISOString() ?? null,
});

/** The person's directives, those in force first, then withdrawn ones, newest first. */
export async function consentDirectives(db: Queryable, personId: number): Promise<ConsentDirective[]> {
  const { rows } = await db.query<Row>(`${select} WHERE i.person_id = $1 ORDER BY cd.withdrawn_at IS NOT NULL, cd.recorded_at DESC, cd.id DESC`, [personId]);
  return rows.map(toDirective);
}

async function directive(db: Queryable, id: number): Promise<ConsentDirective> {
  const { rows } = await db.query<Row>(`${select} WHERE cd.id = $1`, [id]);
  const row = rows[0];
  if (!row) throw accessError('consent_not_found', `There is no consent directive ${id}.`);
  return toDirective(row);
}

/** The person's directive of `id` (for the routes, which check the reader may see that person). */
export const consentDirective = directive;

/** Who may record or withdraw a person's choices: the person themselves, or a member of staff who cares for them (on their behalf). */
function mayRecord(by: SignedIn): boolean {
  return by.role === 'person' || careRoles.includes(by.role);
}

/** Records a choice; `tx` should be a transaction (the directive and its Consent resource are written together). */
export async function recordConsent(
  tx: Queryable,
  personId: number,
  input: { kind: string; organisationId?: string | undefined; note?: string | undefined },
  by: SignedIn,
  now = new Date(),
): Promise<ConsentDirective> {
  if (!mayRecord(by)) throw accessError('role_not_allowed', 'The person, or staff who care for them, record their choices about sharing.');
  const problems = [];
  if (input.kind !== 'dissent' && input.kind !== 'restrict') problems.push({ where: 'body', path: 'kind', message: 'must be dissent or restrict' });
  if (input.kind === 'restrict' && !input.organisationId) problems.push({ where: 'body', path: 'organisationId', message: 'names the organisation that may not see the record' });
  if (input.kind === 'dissent' && input.organisationId) problems.push({ where: 'body', path: 'organisationId', message: 'is only for a restriction' });
  const note = input.note?.trim() || null;
  if (note !== null && note.length > 2000) problems.push({ where: 'body', path: 'note', message: 'must be at most 2,000 characters' });
  if (input.organisationId) {
    const known = await tx.query('SELECT 1 FROM access.organisation WHERE id = $1', [input.organisationId]);
    if (known.rows.length === 0) problems.push({ where: 'body', path: 'organisationId', message: `there is no organisation "${input.organisationId}"` });
  }
  if (problems.length > 0) throw accessError('consent_invalid', `${problems.length} problem(s) with the choice.`, problems);
  const same = await tx.query(
    `SELECT 1 FROM access.consent_directive cd JOIN people.identity i ON i.id = cd.identity_id
      WHERE i.person_id = $1 AND cd.withdrawn_at IS NULL AND cd.kind = $2 AND cd.organisation_id IS NOT DISTINCT FROM $3`,
    [personId, input.kind, input.organisationId ?? null],
  );
  if (same.rows.length > 0) throw accessError('consent_exists', input.kind === 'dissent' ? 'The person has already objected to sharing.' : `${input.organisationId ?? ''} is already kept from the record.`);
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO access.consent_directive (identity_id, kind, organisation_id, note, recorded_by, recorded_at)
     SELECT min(id), $2, $3, $4, $5, $6 FROM people.identity WHERE person_id = $1 HAVING count(*) > 0 RETURNING id::text`,
    [personId, input.kind, input.organisationId ?? null, note, by.accountId, now],
  );
  const id = rows[0]?.id;
  if (id === undefined) throw accessError('person_not_found', `There is no person ${personId}.`);
  const recorded = await directive(tx, Number(id));
  await writeConsentResource(tx, recorded);
  return recorded;
}

/** Withdraws a choice (it stays in the history, as does its Consent, now inactive). */
export async function withdrawConsent(tx: Queryable, id: number, by: SignedIn, now = new Date()): Promise<ConsentDirective> {
  if (!mayRecord(by)) throw accessError('role_not_allowed', 'The person, or staff who care for them, record their choices about sharing.');
  const before = await directive(tx, id);
  if (before.withdrawnAt !== null) throw accessError('consent_withdrawn', `This choice was withdrawn by ${before.withdrawnBy ?? 'someone'} on ${before.withdrawnAt.slice(0, 10)}.`);
  await tx.query('UPDATE access.consent_directive SET withdrawn_by = $2, withdrawn_at = $3 WHERE id = $1 AND withdrawn_at IS NULL', [id, by.accountId, now]);
  const withdrawn = await directive(tx, id);
  await writeConsentResource(tx, withdrawn);
  return withdrawn;
}

/**
 * The directive as a FHIR R4 Consent (http://hl7.org/fhir/R4/consent.html): scope patient-privacy,
 * category "Patient Consent" (LOINC 59284-0), a provision that denies sharing — to everyone but the
 * organisations holding the records (dissent) or to one organisation (restrict) — and, as policy,
 * the UK GDPR and the common law duty of confidentiality under which the person may object.
 */
export function consentResource(d: ConsentDirective, patientId: string): Record<string, unknown> & { resourceType: 'Consent' } {
  const organisation = d.organisation === null ? undefined : {
    display: d.organisation.name,
    ...(d.organisation.odsCode ? { identifier: { system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: d.organisation.odsCode } } : {}),
  };
  return {
    resourceType: 'Consent',
    id: consentId(d),
    status: d.withdrawnAt === null ? 'active' : 'inactive',
    scope: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'patient-privacy', display: 'Privacy Consent' }] },
    category: [{ coding: [{ system: 'http://loinc.org', code: '59284-0', display: 'Patient Consent' }] }],
    patient: { reference: `Patient/${patientId}` },
    dateTime: d.recordedAt,
    performer: [{ display: d.recordedBy }],
    policy: [{ authority: 'https://www.legislation.gov.uk/eur/2016/679/article/21', uri: 'https://www.legislation.gov.uk/eur/2016/679/article/21' }],
    provision: {
      type: 'deny',
      period: { start: d.recordedAt, ...(d.withdrawnAt !== null ? { end: d.withdrawnAt } : {}) },
      ...(organisation !== undefined
        ? { actor: [{ role: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType', code: 'IRCP', display: 'information recipient' }] }, reference: organisation }] }
        : {}),
      action: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentaction', code: 'access', display: 'Access' }] }],
    },
    ...(d.note !== null ? { extension: [{ url: 'https://joinedup.example/fhir/StructureDefinition/consent-note', valueString: d.note }] } : {}),
  };
}

const consentId = (d: ConsentDirective): string => `consent-${d.id}`;

async function writeConsentResource(tx: Queryable, d: ConsentDirective): Promise<void> {
  // The person's Patient resource the Consent names: the one of their first identity held in FHIR form.
  const { rows } = await tx.query<{ fhir_id: string }>(
    `SELECT r.fhir_id FROM record.source_record r JOIN people.identity i ON i.id = r.identity_id
      WHERE i.person_id = $1 AND r.current AND NOT r.deleted AND r.fhir_type = 'Patient' ORDER BY i.id, r.id LIMIT 1`,
    [Number(d.personId)],
  );
  const patient = rows[0]?.fhir_id;
  if (patient === undefined) return;
  const change: ResourceChange = { method: 'update', type: 'Consent', id: consentId(d), resource: consentResource(d, patient) };
  await applyChanges(tx, consentSource, [change]);
}
