// The review queue and merges over HTTP, on each backend: the answers' shapes, who acted, and a
// clear 4xx (with what and where) for every bad request.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onCareTeamOf, signedInAs, type TestSession } from '../../test/support/access.js';
import { backends, type FreshDatabase } from '../../test/support/databases.js';
import { openJoinedUp, type JoinedUp } from '../joinedup.js';
import { addReviewItems } from '../people/index.js';
import { createLogger, loadConfig } from '../platform/index.js';
import { importFile } from './index.js';

const work = mkdtempSync(path.join(tmpdir(), 'joinedup-linkage-routes-'));
const patientFile = (name: string, id: string, family: string): string => {
  const file = path.join(work, `${name}.ndjson`);
  writeFileSync(file, `${JSON.stringify({ resourceType: 'Patient', id, name: [{ family, given: ['Arthur'] }], birthDate: '1938-11-02', gender: 'male' })}\n`);
  return file;
};

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

describe.each(backends)('the linkage API on $name', (backend) => {
  let fresh: FreshDatabase | undefined;
  let joinedUp: JoinedUp | undefined;
  const people = { gp: 0, council: 0 };
  let reviewId = '';
  // The person index's steward works the review queue; a care coordinator on both people's care team merges and undoes.
  let steward: TestSession | undefined;
  let coordinator: TestSession | undefined;

  beforeAll(async () => {
    if (!backend.available) return;
    fresh = await backend.open();
    joinedUp = await openJoinedUp(loadConfig({ logLevel: 'silent' }, {}), createLogger('silent'), { db: fresh.db });
    const { db } = joinedUp;
    await importFile(db, { sourceId: 'gp', file: patientFile(`gp-${backend.name}`, 'g7', 'Penrose') });
    await importFile(db, { sourceId: 'council', file: patientFile(`council-${backend.name}`, 'c7', 'Penrose') });
    const { rows } = await db.query<{ id: number; person_id: number; source_id: 'gp' | 'council' }>('SELECT id, person_id, source_id FROM people.identity');
    const identity = (source: 'gp' | 'council') => rows.find((r) => r.source_id === source);
    people.gp = identity('gp')?.person_id ?? 0;
    people.council = identity('council')?.person_id ?? 0;
    await db.transaction((tx) => addReviewItems(tx, [{
      identityId: identity('council')?.id ?? 0, candidateIdentityId: identity('gp')?.id ?? 0, matchWeight: 2.5, matchProbability: 0.85,
      explanation: { prior: -10, fields: [{ field: 'family', label: 'Surname', left: 'Penrose', right: 'Penrose', level: 'exact', weight: 12.5 }] },
    }]));
    steward = await signedInAs(joinedUp.app, db, { role: 'administrator', name: 'Sam Reviewer', organisationId: null });
    coordinator = await signedInAs(joinedUp.app, db, { role: 'care-coordinator', name: 'Dr Body' });
    await onCareTeamOf(db, coordinator.accountId, [people.gp, people.council]);
  }, 120_000);
  afterAll(async () => {
    await joinedUp?.app.close();
    await fresh?.dispose();
  });

  /** A request as the steward (the review queue) or the coordinator (people and merges). */
  async function call(method: 'GET' | 'POST', url: string, body?: unknown): Promise<Answer> {
    if (!joinedUp || !steward || !coordinator) throw new Error('no app');
    const as = url.startsWith('/api/linkage/') ? steward : coordinator;
    const response = await joinedUp.app.inject({
      method, url, headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...as.headers },
      ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
    });
    return { status: response.statusCode, body: JSON.parse(response.body) as Record<string, unknown> };
  }

  it.skipIf(!backend.available)('lists the open queue and one item with both identities and the evidence', async () => {
    const list = await call('GET', '/api/linkage/reviews?status=open');
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ next: null, counts: { open: 1, unsure: 0, decided: 0 } });
    const [item] = list.body.items as { id: string }[];
    reviewId = item?.id ?? '';
    const one = await call('GET', `/api/linkage/reviews/${reviewId}`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({
      status: 'open', matchProbability: 0.85, identity: { source: { id: 'council' }, localId: 'c7', name: 'Arthur Penrose', birthDate: '1938-11-02' },
      candidate: { source: { id: 'gp' }, localId: 'g7', personId: String(people.gp) }, explanation: { prior: -10 },
    });
    const bad = await call('GET', '/api/linkage/reviews?status=closed');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('status');
    expect((await call('GET', '/api/linkage/reviews/424242')).body).toMatchObject({ status: 404, code: 'review_not_found' });
  });

  it.skipIf(!backend.available)('decides "same" as the person signed in, merging the two people; a second decision is a conflict', async () => {
    expect((await call('POST', `/api/linkage/reviews/${reviewId}/decision`, { decision: 'maybe' })).status).toBe(400);
    const decided = await call('POST', `/api/linkage/reviews/${reviewId}/decision`, { decision: 'same', note: 'Same carer' });
    expect(decided.status).toBe(200);
    expect(decided.body).toMatchObject({
      review: { status: 'same', decidedBy: 'Sam Reviewer', note: 'Same carer', samePerson: true },
      merge: { fromPerson: String(people.council), intoPerson: String(people.gp), mergedBy: 'Sam Reviewer', canUndo: true },
    });
    const person = await call('GET', `/api/people/${people.gp}`);
    expect((person.body.identities as { localId: string }[]).map((i) => i.localId).sort()).toEqual(['c7', 'g7']);
    expect((await call('GET', `/api/people/${people.council}`)).status).toBe(404);
    const again = await call('POST', `/api/linkage/reviews/${reviewId}/decision`, { decision: 'different' });
    expect(again.body).toMatchObject({ status: 409, code: 'review_already_decided' });
    expect((await call('GET', '/api/linkage/reviews?status=decided')).body).toMatchObject({ counts: { open: 0, decided: 1 } });
  });

  it.skipIf(!backend.available)('undoes the merge, lists the history, and answers bad merges with 4xx', async () => {
    const history = await call('GET', `/api/people/${people.gp}/merges`);
    const [merge] = history.body.merges as { id: string }[];
    const undone = await call('POST', `/api/merges/${merge?.id ?? ''}/undo`, {});
    expect(undone).toMatchObject({ status: 200, body: { undoneBy: 'Dr Body', canUndo: false } });
    expect((await call('POST', `/api/merges/${merge?.id ?? ''}/undo`, {})).body).toMatchObject({ status: 409, code: 'merge_already_undone' });
    expect((await call('GET', `/api/people/${people.council}`)).status).toBe(200);

    const missingReason = await call('POST', `/api/people/${people.council}/merge`, { into: String(people.gp) });
    expect(missingReason.status).toBe(400);
    expect(JSON.stringify(missingReason.body)).toContain('reason');
    expect((await call('POST', `/api/people/${people.gp}/merge`, { into: String(people.gp), reason: 'x' })).body).toMatchObject({ status: 400, code: 'merge_into_self' });
    const merged = await call('POST', `/api/people/${people.council}/merge`, { into: String(people.gp), reason: 'Checked with the GP' });
    expect(merged).toMatchObject({ status: 201, body: { reason: 'Checked with the GP', mergedBy: 'Dr Body' } });
    expect(((await call('GET', `/api/people/${people.gp}/merges`)).body.merges as unknown[]).length).toBe(2);
    // Merged away, the person holds no identity, so no relationship reaches them: as unseen as one who never was.
    expect((await call('GET', `/api/people/${people.council}/merges`)).status).toBe(404);
    expect((await call('GET', '/api/people/424242/merges')).status).toBe(404);
    expect((await call('POST', `/api/people/${people.gp}/merge`, { into: '424242', reason: 'x' })).body).toMatchObject({ status: 404, code: 'person_not_found' });
    expect((await call('POST', '/api/merges/424242/undo', {})).body).toMatchObject({ status: 404, code: 'merge_not_found' });
  });
});
