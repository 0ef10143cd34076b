/**
 * A pooled fund's position over 50,000 care packages (`npm run bench fund-position`; goal ≤ 1 s),
 * on the embedded database and on a PostgreSQL server. Setup (not timed): a fund of ten schemes,
 * BENCH_FUND_PACKAGES (default 50,000) packages over two years of starts, block contracts, and
 * three months of provider invoices with a line per package (150,000 ledger lines). Then the
 * position at a mid-year date, median of 5 after one warm-up, against a baseline in the same run:
 * one bare scan that sums the packages' weekly costs, the least any position could cost. The
 * tables are analysed after the load, as autovacuum (or `joinedup import`) leaves them.
 */
import { addBlockCommitments, addCarePackages, defineFund, fundAccounts, fundPosition, postJournals, type FundDefinition, type JournalInput } from '../src/finance/index.js';
import { allMigrations } from '../src/joinedup.js';
import { migrate, openDatabase, type Db } from '../src/platform/index.js';
import { Random } from '../src/synthetic/index.js';
import { median, withServerDatabaseUrl } from './server.js';

const schemes = 10;
const asOf = '2025-11-15';

function definition(): FundDefinition {
  return {
    id: 'bench-bcf', name: 'Bench BCF 2025-26', financialYear: '2025-26', startDate: '2025-04-01', endDate: '2026-03-31', hostPartnerId: 'bench-council',
    partners: [{ id: 'bench-icb', name: 'Bench ICB', kind: 'icb' }, { id: 'bench-council', name: 'Bench Council', kind: 'council' }],
    streams: [
      { id: 'bench-nhs', name: 'NHS minimum contribution', partnerId: 'bench-icb', kind: 'nhs_minimum', amountPence: 6_000_000_000 },
      { id: 'bench-grant', name: 'Local Authority Better Care Grant', partnerId: 'bench-council', kind: 'la_better_care_grant', amountPence: 4_000_000_000 },
    ],
    schemes: Array.from({ length: schemes }, (_, i) => ({
      id: `bench-s${i}`, name: `Scheme ${i}`, funding: [{ streamId: 'bench-nhs', amountPence: 600_000_000 }, { streamId: 'bench-grant', amountPence: 400_000_000 }],
    })),
    riskShare: { effectiveFrom: '2025-04-01', rule: { kind: 'proportional_capped', capPence: 100_000_000, host: 'bench-council' }, description: 'bench' },
  };
}

async function seed(db: Db, n: number): Promise<number> {
  await migrate(db, allMigrations());
  await defineFund(db, definition(), 'bench');
  const random = Random.stream(3, 'fund-position-bench');
  const day = (offset: number): string => new Date(Date.UTC(2024, 9, 1) + offset * 86_400_000).toISOString().slice(0, 10);
  const packages = Array.from({ length: n }, (_, i) => {
    const start = random.int(0, 540);
    return {
      personId: 1 + (i % Math.max(1, Math.floor(n * 0.8))), schemeId: `bench-s${i % schemes}`, weeklyCostPence: random.int(150, 1500) * 100,
      start: day(start), end: random.chance(0.4) ? null : day(start + random.int(7, 300)),
    };
  });
  for (let i = 0; i < n; i += 10_000) await addCarePackages(db, 'bench-bcf', packages.slice(i, i + 10_000), 'bench');
  await addBlockCommitments(db, 'bench-bcf', Array.from({ length: schemes }, (_, i) => ({ schemeId: `bench-s${i}`, weeklyCostPence: 250_000, start: '2025-04-01', end: '2026-03-31', description: 'block' })), 'bench');
  const journals: JournalInput[] = [];
  for (const month of ['2025-04', '2025-05', '2025-06']) {
    for (let s = 0; s < schemes; s++) {
      const lines = packages.filter((_, i) => i % schemes === s).map((p) => ({ account: fundAccounts.spend.code, amountPence: Math.round(p.weeklyCostPence * 4.3), personId: p.personId, schemeId: `bench-s${s}`, funder: 'pooled' }));
      const owed = lines.reduce((a, l) => a + l.amountPence, 0);
      journals.push({ idempotencyKey: `bench:${month}:${s}`, date: `${month}-28`, description: `Invoice ${month} scheme ${s}`, by: 'bench', lines: [...lines, { account: fundAccounts.creditors.code, amountPence: -owed, personId: null, schemeId: `bench-s${s}`, funder: 'pooled' }] });
    }
  }
  await postJournals(db, journals);
  // As a site's autovacuum (or `joinedup import`) would after a load: without statistics the planner
  // takes the 150,000 spend lines for a handful and sorts them to disk to group them.
  await db.exec('ANALYZE finance.journal, finance.journal_line');
  return journals.reduce((a, j) => a + j.lines.length, 0);
}

async function measure(db: Db, label: string, n: number): Promise<string[]> {
  const lines = await seed(db, n);
  const time = async (work: () => Promise<unknown>): Promise<number[]> => {
    await work();
    const runs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const began = performance.now();
      await work();
      runs.push(performance.now() - began);
    }
    return runs;
  };
  const baseline = await time(() => db.query('SELECT scheme_id, count(*), sum(weekly_cost_pence) FROM finance.care_package WHERE fund_id = $1 GROUP BY scheme_id', ['bench-bcf']));
  let committed = 0;
  const position = await time(async () => { committed = (await fundPosition(db, 'bench-bcf', asOf)).totals.committedPence; });
  const ms = (xs: number[]): string => `${median(xs).toFixed(0)} ms (min ${Math.min(...xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)})`;
  const count = n.toLocaleString('en-GB');
  return [
    `| fund position: bare scan summing ${count} packages' weekly costs by scheme, ${label} (median of 5) | ${ms(baseline)} | baseline |`,
    `| fund position: ${count} packages, ${lines.toLocaleString('en-GB')} ledger lines, ${schemes} schemes, ${label} (median of 5; £${Math.round(committed / 100).toLocaleString('en-GB')} committed) | ${ms(position)} | ${(median(position) / median(baseline)).toFixed(1)}× the scan; goal ≤ 1 s: ${median(position) <= 1000 ? 'met' : 'NOT met'} |`,
  ];
}

export async function fundPositionBench(): Promise<string[]> {
  const n = Number(process.env.BENCH_FUND_PACKAGES ?? 50_000);
  const embedded = await openDatabase({});
  let rows: string[];
  try {
    rows = await measure(embedded, 'embedded database', n);
  } finally {
    await embedded.close();
  }
  const server = await withServerDatabaseUrl(async (url) => {
    const db = await openDatabase({ databaseUrl: url });
    try {
      return await measure(db, 'PostgreSQL server', n);
    } finally {
      await db.close();
    }
  });
  return [...rows, ...server];
}
