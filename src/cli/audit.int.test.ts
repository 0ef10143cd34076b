// `joinedup audit verify` as an operator runs it: exit 0 with the head hash on an intact trail; exit
// 8 naming each break after tampering, or when the head is not the one kept from an earlier run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { runCli } from '../../test/support/cli.js';
import { appendAudit } from '../access/index.js';
import { allMigrations } from '../joinedup.js';
import { migrate, openDatabase } from '../platform/index.js';

const dir = mkdtempSync(path.join(tmpdir(), 'joinedup-audit-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

it('verifies the audit trail, and says where it was tampered with', async () => {
  const db = await openDatabase({ dataDir: dir });
  await migrate(db, allMigrations());
  await appendAudit(db, Array.from({ length: 3 }, (_, i) => ({
    at: new Date(Date.UTC(2026, 11, 1, 9, i)), actor: 'gp', action: 'read', resourceType: 'Patient', resourceId: `p${i}`, outcome: 200,
    reason: 'care team member', requestId: null, detail: null,
  })));
  await db.close();

  const intact = await runCli(['audit', 'verify', '--data-dir', dir]);
  expect(intact.code).toBe(0);
  expect(intact.stderr).toContain('the audit trail is intact: 3 entries');
  const head = /head: entry 3, hash ([0-9a-f]{64})/.exec(intact.stdout)?.[1];
  expect(head).toBeDefined();
  expect((await runCli(['audit', 'verify', '--data-dir', dir, '--expect', head ?? ''])).code).toBe(0);

  const again = await openDatabase({ dataDir: dir });
  await again.exec(`ALTER TABLE access.audit_event DISABLE TRIGGER USER; UPDATE access.audit_event SET reason = 'break-glass' WHERE seq = 2; ALTER TABLE access.audit_event ENABLE TRIGGER USER;`);
  await again.close();
  const tampered = await runCli(['audit', 'verify', '--data-dir', dir]);
  expect(tampered.code).toBe(8);
  expect(tampered.stdout).toContain('changed  entry 2  entry 2 (id 2) does not match its hash');

  const rewritten = await runCli(['audit', 'verify', '--data-dir', dir, '--expect', '0'.repeat(64)]);
  expect(rewritten.code).toBe(8);
  expect(rewritten.stdout).toContain('the head hash is not the one expected');
}, 120_000);
