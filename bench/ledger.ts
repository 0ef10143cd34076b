/**
 * The ledger on a PostgreSQL server (`npm run bench ledger-post`, `npm run bench ledger-fault`).
 *
 * ledger-post (goal: 1,000,000 journal lines ≤ 60 s): BENCH_LEDGER_LINES lines (default 1,000,000)
 * in journals of 2 to 5 lines, posted through `postJournals` in batches of 2,000 journals (one
 * SERIALIZABLE transaction each: idempotency check, accounts, periods, gapless numbering, the
 * database's balance check), then `verifyLedger` over all of it. Baseline in the same run: the same
 * lines written by one bare multi-row INSERT per batch into a table with no keys, checks or triggers.
 *
 * ledger-fault (goal: nothing lost or duplicated, the books balance): 8 writer processes ×
 * BENCH_LEDGER_FAULT_POSTINGS postings (default 10,000), killed with SIGKILL at random moments and
 * started again until all are posted, then `joinedup finance verify` and a count of every key.
 */
import { spawnSync } from 'node:child_process';
import { runFaultyWriters } from '../test/support/ledger-faults.js';
import { faultAccounts } from '../test/support/ledger-writer.js';
import { allMigrations } from '../src/joinedup.js';
import { type Db, migrate, openDatabase } from '../src/platform/index.js';
import { ensureAccounts, postJournals, verifyLedger, type JournalInput } from '../src/finance/index.js';
import { cli, withServerDatabaseUrl } from './server.js';

const n = (x: number): string => Math.round(x).toLocaleString('en-GB');
const schemes = ['reablement', 'hospital-discharge', 'carers', 'dfg', 'intermediate-care', 'home-care', 'community-equipment', 'falls'];
const funders = ['icb', 'council', 'pooled'];

/** Journal `i` of the benchmark: an invoice split over 1 to 4 schemes' spend, against creditors. */
function invoice(i: number): JournalInput {
  const parts = 1 + (i % 4);
  const lines = Array.from({ length: parts }, (_, p) => ({
    account: `bench:spend:${schemes[(i + p) % schemes.length] ?? 'falls'}`, amountPence: 1_000 + ((i * 7_919 + p * 104_729) % 500_000),
    schemeId: schemes[(i + p) % schemes.length] ?? null, personId: 1 + (i % 200_000), funder: funders[(i + p) % funders.length] ?? null,
  }));
  const total = lines.reduce((s, l) => s + l.amountPence, 0);
  return {
    idempotencyKey: `bench-${i}`, date: `2025-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
    description: `Invoice ${i}`, by: 'bench', lines: [...lines, { account: 'bench:creditors', amountPence: -total, memo: `invoice ${i}` }],
  };
}

async function baseline(db: Db, batches: JournalInput[][]): Promise<number> {
  await db.exec('CREATE TABLE public.bench_bare_line (journal bigint, line int, account text, amount_pence bigint, person_id bigint, scheme_id text, funder text, memo text)');
  const began = performance.now();
  let journal = 0;
  for (const batch of batches) {
    const rows = batch.flatMap((j) => { journal++; return j.lines.map((l, k) => ({ journal, line: k + 1, ...l })); });
    await db.query(
      'INSERT INTO public.bench_bare_line SELECT * FROM unnest($1::int8[], $2::int4[], $3::text[], $4::int8[], $5::int8[], $6::text[], $7::text[], $8::text[])',
      [rows.map((r) => r.journal), rows.map((r) => r.line), rows.map((r) => r.account), rows.map((r) => r.amountPence), rows.map((r) => r.personId ?? null),
        rows.map((r) => r.schemeId ?? null), rows.map((r) => r.funder ?? null), rows.map((r) => r.memo ?? null)],
    );
  }
  const seconds = (performance.now() - began) / 1000;
  await db.exec('DROP TABLE public.bench_bare_line');
  return seconds;
}

export async function ledgerPostBench(): Promise<string[]> {
  const target = Number(process.env.BENCH_LEDGER_LINES ?? 1_000_000);
  const perBatch = 2_000;
  return withServerDatabaseUrl(async (url) => {
    const db = await openDatabase({ databaseUrl: url });
    try {
      await migrate(db, allMigrations());
      await ensureAccounts(db, [
        { code: 'bench:creditors', name: 'Creditors', kind: 'liability' },
        ...schemes.map((s) => ({ code: `bench:spend:${s}`, name: `Spend: ${s}`, kind: 'expense' as const })),
      ]);
      const batches: JournalInput[][] = [];
      let lines = 0;
      for (let i = 0; lines < target; i++) {
        const j = invoice(i);
        if (i % perBatch === 0) batches.push([]);
        batches.at(-1)?.push(j);
        lines += j.lines.length;
      }
      const journals = batches.reduce((s, b) => s + b.length, 0);
      const bare = await baseline(db, batches);
      const began = performance.now();
      for (const batch of batches) await postJournals(db, batch);
      const seconds = (performance.now() - began) / 1000;
      const verifyBegan = performance.now();
      const verified = await verifyLedger(db);
      const verifySeconds = (performance.now() - verifyBegan) / 1000;
      if (!verified.ok || verified.lines !== lines) throw new Error(`the benchmark's ledger does not verify: ${JSON.stringify(verified.problems.slice(0, 5))}`);
      const goal = target >= 1_000_000 ? `goal ≤ 60 s: ${seconds <= 60 ? 'met' : 'NOT met'}` : `${((seconds / lines) * 1_000_000).toFixed(1)} s per 1,000,000 if linear; goal not measured`;
      return [
        `| ledger: bare unnest INSERT of the same ${n(lines)} lines, ${n(batches.length)} statements, no keys/checks/triggers (PostgreSQL server) | ${bare.toFixed(1)} s, ${n(lines / bare)} lines/s | baseline |`,
        `| ledger-post: ${n(lines)} lines in ${n(journals)} journals by \`postJournals\`, ${n(perBatch)} journals per SERIALIZABLE transaction (PostgreSQL server) | ${seconds.toFixed(1)} s, ${n(lines / seconds)} lines/s, ${n(journals / seconds)} journals/s | ${goal}; ${(seconds / bare).toFixed(1)}× the bare INSERT |`,
        `| ledger: \`verifyLedger\` over those ${n(lines)} lines (every invariant) | ${verifySeconds.toFixed(1)} s | — |`,
      ];
    } finally {
      await db.close();
    }
  });
}

export async function ledgerFaultBench(): Promise<string[]> {
  const writers = 8;
  const postings = Number(process.env.BENCH_LEDGER_FAULT_POSTINGS ?? 10_000);
  return withServerDatabaseUrl(async (url) => {
    const db = await openDatabase({ databaseUrl: url });
    try {
      await migrate(db, allMigrations());
      await ensureAccounts(db, faultAccounts);
      const run = await runFaultyWriters(url, { writers, postings });
      const verify = spawnSync(process.execPath, [cli, 'finance', 'verify'], { env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'warn' }, encoding: 'utf8' });
      const counts = await db.query<{ journals: number; keys: number; expected: number }>(
        `SELECT count(*)::int8 AS journals, count(DISTINCT idempotency_key)::int8 AS keys,
                (SELECT count(*) FROM generate_series(0, $1::int - 1) w, generate_series(0, $2::int - 1) i
                  WHERE EXISTS (SELECT 1 FROM finance.journal j WHERE j.idempotency_key = 'w' || w || '-' || i))::int8 AS expected
           FROM finance.journal`,
        [writers, postings],
      );
      const c = counts.rows[0];
      const total = writers * postings;
      const lost = total - (c?.expected ?? 0);
      const duplicated = (c?.journals ?? 0) - (c?.keys ?? 0);
      const ok = verify.status === 0 && lost === 0 && duplicated === 0 && c?.journals === total;
      return [
        `| ledger-fault: ${writers} writer processes × ${n(postings)} postings (batches of 1 to 20), ${n(run.kills)} SIGKILLs at random moments, ${n(run.starts)} starts (PostgreSQL server) | ${run.seconds.toFixed(0)} s; ${n(c?.journals ?? 0)} journals; lost ${lost}, duplicated ${duplicated}; \`joinedup finance verify\` exit ${String(verify.status)} | goal: none lost or duplicated, books balance: ${ok ? 'met' : 'NOT met'} |`,
      ];
    } finally {
      await db.close();
    }
  });
}
