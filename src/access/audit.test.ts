// The audit trail's hash chain on each backend: entries chain in order from any number of writers;
// the database refuses to change, remove or truncate them; and an entry changed, removed or cut off
// the end by someone who got round that is found, and said where. Entries written before the chain
// existed are chained by the migration with the same hash as audit.ts computes.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { backends, freshDatabaseEach } from '../../test/support/databases.js';
import { allMigrations, allSchemas } from '../joinedup.js';
import { checkBackup, type Db, migrate, restoreBackup, writeBackup } from '../platform/index.js';
import { appendAudit, type AuditContents, auditHash, genesisHash, verifyAudit } from './index.js';

const entry = (i: number, extra: Partial<AuditContents> = {}): AuditContents => ({
  at: new Date(Date.UTC(2026, 11, 1, 9, 0, 0, i)), actor: i % 2 ? 'gp' : 'Dr Ada Okafor (GP, Bay Practice)', action: i % 3 ? 'read' : 'search',
  resourceType: 'Patient', resourceId: `p-${i}`, outcome: 200, reason: 'care team member', requestId: `req-${i}`, detail: i % 5 ? null : 'name=smith ünïcödé',
  ...extra,
});

/** Runs SQL as the table's owner with the append-only triggers off: what an attacker with that power could do. */
async function tamper(db: Db, sql: string): Promise<void> {
  await db.exec(`ALTER TABLE access.audit_event DISABLE TRIGGER USER; ${sql}; ALTER TABLE access.audit_event ENABLE TRIGGER USER;`);
}

describe('the audit hash', () => {
  it('is SHA-256 over the previous hash and every field, so any field changes it', () => {
    const base = auditHash(genesisHash, 1, entry(1));
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    expect(auditHash(genesisHash, 1, entry(1))).toBe(base);
    for (const change of [{ actor: 'someone else' }, { reason: 'care team member ' }, { outcome: 403 }, { detail: '' }, { at: new Date(entry(1).at.getTime() + 1) }]) {
      expect(auditHash(genesisHash, 1, entry(1, change))).not.toBe(base);
    }
    expect(auditHash(genesisHash, 2, entry(1))).not.toBe(base);
    expect(auditHash(base, 1, entry(1))).not.toBe(base);
  });
});

describe.each(backends)('the audit trail on $name', (backend) => {
  const database = freshDatabaseEach(backend, (db) => migrate(db, allMigrations()));

  it.skipIf(!backend.available)('chains entries from concurrent writers into one trail with no gaps, and verifies it', async () => {
    const db = database();
    await Promise.all(Array.from({ length: 20 }, (_, w) => appendAudit(db, Array.from({ length: 5 }, (_, i) => entry(w * 5 + i)))));
    const result = await verifyAudit(db, { pageSize: 7 });
    expect(result.breaks).toEqual([]);
    expect(result.entries).toBe(100);
    expect(result.head.seq).toBe(100);
    const seqs = await db.query<{ seq: string }>('SELECT e.seq::text AS seq FROM access.audit_event e ORDER BY e.seq');
    expect(seqs.rows.map((r) => Number(r.seq))).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
  });

  it.skipIf(!backend.available)('refuses to change, remove or truncate an entry, or to move the head back', async () => {
    const db = database();
    await appendAudit(db, [entry(1), entry(2)]);
    await expect(db.query(`UPDATE access.audit_event SET reason = 'nothing to see' WHERE seq = 1`)).rejects.toThrow(/append-only/);
    await expect(db.query('DELETE FROM access.audit_event WHERE seq = 2')).rejects.toThrow(/append-only/);
    await expect(db.exec('TRUNCATE access.audit_event')).rejects.toThrow(/append-only/);
    await expect(db.query('UPDATE access.audit_head SET seq = 1')).rejects.toThrow(/only moves forward/);
    await expect(db.query('DELETE FROM access.audit_head')).rejects.toThrow(/only moves forward/);
    expect((await verifyAudit(db)).breaks).toEqual([]);
  });

  it.skipIf(!backend.available)('finds an entry changed, entries removed and entries cut off the end, each where it happened', async () => {
    const db = database();
    await appendAudit(db, Array.from({ length: 30 }, (_, i) => entry(i)));
    await tamper(db, `UPDATE access.audit_event SET actor = 'nobody' WHERE seq = 7`);
    await tamper(db, 'DELETE FROM access.audit_event WHERE seq IN (12, 13)');
    await tamper(db, 'DELETE FROM access.audit_event WHERE seq > 27');
    const { breaks, entries } = await verifyAudit(db);
    expect(entries).toBe(25);
    expect(breaks.map((b) => [b.problem, b.seq])).toEqual([['changed', 7], ['missing', 12], ['cut-off', 28]]);
    expect(breaks[1]?.message).toContain('entries 12–13 are missing');
  });

  it.skipIf(!backend.available)('finds an entry changed with its hash recomputed: the next entry no longer follows it', async () => {
    const db = database();
    await appendAudit(db, Array.from({ length: 5 }, (_, i) => entry(i)));
    const { rows } = await db.query<{ hash: string }>('SELECT hash FROM access.audit_event WHERE seq = 2');
    const forged = auditHash(rows[0]?.hash ?? '', 3, entry(2, { reason: 'break-glass' }));
    await tamper(db, `UPDATE access.audit_event SET reason = 'break-glass', hash = '${forged}' WHERE seq = 3`);
    expect((await verifyAudit(db)).breaks.map((b) => [b.problem, b.seq])).toEqual([['changed', 4]]);
  });

  it.skipIf(!backend.available)('chains the entries written before the chain existed, with the hash audit.ts computes', async () => {
    // A database with the access capability's first migration only, as one made before the chain.
    const fresh = await backend.open();
    try {
      const before = allMigrations().filter((m) => !(m.capability === 'access' && m.version >= 2));
      await migrate(fresh.db, before);
      for (const e of [entry(1), entry(2), entry(5)]) {
        await fresh.db.query(
          `INSERT INTO access.audit_event (at, actor, action, resource_type, resource_id, outcome, reason, request_id, detail) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
          [e.at, e.actor, e.action, e.resourceType, e.resourceId, e.outcome, e.reason, e.requestId, e.detail],
        );
      }
      await migrate(fresh.db, allMigrations());
      const result = await verifyAudit(fresh.db);
      expect(result).toMatchObject({ entries: 3, head: { seq: 3 }, breaks: [] });
      expect(result.head.hash).toBe(auditHash(auditHash(auditHash(genesisHash, 1, entry(1)), 2, entry(2)), 3, entry(5)));
      // New entries carry on the same chain.
      await appendAudit(fresh.db, [entry(6)]);
      expect(await verifyAudit(fresh.db)).toMatchObject({ entries: 4, breaks: [] });
    } finally {
      await fresh.dispose();
    }
  });
  it.skipIf(!backend.available)('survives a backup and restore whole: the chain verifies, and the guards are back on', async () => {
    const db = database();
    await appendAudit(db, Array.from({ length: 4 }, (_, i) => entry(i)));
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'joinedup-audit-backup-')), 'site.jub.gz');
    await writeBackup(db, { file, schemas: allSchemas(), appVersion: '0.1.0-test' });
    const target = await backend.open();
    try {
      await restoreBackup(target.db, { file, migrations: allMigrations(), schemas: allSchemas(), replace: false, contents: await checkBackup(file) });
      expect(await verifyAudit(target.db)).toMatchObject({ entries: 4, head: { seq: 4 }, breaks: [] });
      await expect(target.db.query(`UPDATE access.audit_event SET reason = 'x' WHERE seq = 1`)).rejects.toThrow(/append-only/);
      await appendAudit(target.db, [entry(9)]);
      expect((await verifyAudit(target.db)).entries).toBe(5);
    } finally {
      await target.dispose();
    }
  });
});
