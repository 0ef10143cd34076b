// The ledger under fire, on the PostgreSQL server: eight writer processes post at once while they
// are killed with SIGKILL at random moments (mid-transaction, between commit and checkpoint, at
// start) and started again. Afterwards no posting is lost or duplicated, every journal is the one
// its writer meant, and the books verify. The full run (8 × 10,000) is `npm run bench ledger-fault`.
import { describe, expect, it } from 'vitest';
import { createServerDatabase, serverUrl } from '../../test/support/databases.js';
import { runFaultyWriters } from '../../test/support/ledger-faults.js';
import { faultAccounts, faultAmount, faultPosting } from '../../test/support/ledger-writer.js';
import { loadMigrations, migrate, openDatabase, platformCapability } from '../platform/index.js';
import { fileURLToPath } from 'node:url';
import { balances, ensureAccounts, verifyLedger } from './ledger.js';

const capabilities = [platformCapability, { name: 'finance', schema: 'finance', migrationsDir: fileURLToPath(new URL('./migrations/', import.meta.url)) }];
const writers = 8;
const postings = Number(process.env.LEDGER_FAULT_POSTINGS ?? 200);

describe('eight writers killed at random moments', () => {
  it.skipIf(serverUrl === undefined)(`post ${writers} × ${postings} postings once each, and the books balance`, { timeout: 300_000 }, async () => {
    const server = await createServerDatabase();
    const db = await openDatabase({ databaseUrl: server.url });
    try {
      await migrate(db, loadMigrations(capabilities));
      await ensureAccounts(db, faultAccounts);
      const run = await runFaultyWriters(server.url, { writers, postings });
      // Every writer is killed while posting in its first life, and by chance in later ones.
      expect(run.kills).toBeGreaterThanOrEqual(writers);
      expect(run.starts).toBe(writers + run.kills);

      const { rows } = await db.query<{ key: string; sequence: number; total: string; lines: number; date: string }>(
        `SELECT j.idempotency_key AS key, j.sequence, j.accounting_date::text AS date, count(l.*)::int8 AS lines, sum(abs(l.amount_pence))::text AS total
           FROM finance.journal j JOIN finance.journal_line l ON l.journal_id = j.id GROUP BY j.id ORDER BY j.sequence`,
      );
      // Nothing lost, nothing twice: exactly one journal per (writer, posting), numbered 1 … n.
      expect(rows).toHaveLength(writers * postings);
      expect(new Set(rows.map((r) => r.key)).size).toBe(writers * postings);
      expect(rows.map((r) => r.sequence)).toEqual(rows.map((_, i) => i + 1));
      // Each journal is the one its writer meant: its lines, dates and amounts.
      for (const r of rows) {
        const [w, i] = r.key.slice(1).split('-').map(Number) as [number, number];
        const meant = faultPosting(w, i);
        expect({ key: r.key, lines: r.lines, date: r.date, total: Number(r.total) }).toEqual({ key: r.key, lines: meant.lines.length, date: meant.date, total: 2 * faultAmount(w, i) });
      }
      let owed = 0;
      for (let w = 0; w < writers; w++) for (let i = 0; i < postings; i++) owed += faultAmount(w, i);
      const spend = await balances(db, { accountPrefix: 'fault:spend:' });
      expect(spend.reduce((s, b) => s + b.balancePence, 0)).toBe(owed);

      const verified = await verifyLedger(db);
      expect(verified.problems).toEqual([]);
      expect(verified).toMatchObject({ ok: true, journals: writers * postings });
    } finally {
      await db.close();
      await server.drop();
    }
  });
});
