// One writer of the ledger's fault test and benchmark, run as its own process so that it can be
// killed (SIGKILL) at any moment: `node --import tsx test/support/ledger-writer.ts <database-url>
// <writer> <postings> <checkpoint-file>`. It posts its postings 0 … n-1 in batches of 1 to 20
// journals, each with a key and a body that depend only on (writer, posting), and after each batch is
// answered it writes how many are done to the checkpoint file. Killed and started again, it goes on
// from the checkpoint, so the batch that was in flight is sent again: posted once, whether or not
// it had committed. It prints "ready" once connected, "posted <done>" after each batch, and
// "done <posted> <replayed>" at the end.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { openDatabase } from '../../src/platform/index.js';
import { postJournal, postJournals, type JournalInput } from '../../src/finance/ledger.js';

export const faultAccounts = [
  { code: 'fault:bank', name: 'Bank', kind: 'asset' },
  { code: 'fault:creditors', name: 'Creditors', kind: 'liability' },
  { code: 'fault:spend:a', name: 'Scheme A', kind: 'expense' },
  { code: 'fault:spend:b', name: 'Scheme B', kind: 'expense' },
  { code: 'fault:spend:c', name: 'Scheme C', kind: 'expense' },
] as const;

/** The pence writer `w`'s posting `i` moves (deterministic, so a resend carries the same body). */
export const faultAmount = (w: number, i: number): number => 100 + ((w * 7919 + i * 104_729) % 99_900);

/** Writer `w`'s posting `i`: 2 to 4 lines, spend split over schemes, paid from the bank or owed. */
export function faultPosting(w: number, i: number): JournalInput {
  const amount = faultAmount(w, i);
  const schemes = 1 + ((w + i) % 3);
  const share = Math.floor(amount / schemes);
  const lines = Array.from({ length: schemes }, (_, s) => ({ account: faultAccounts[2 + s]?.code ?? 'fault:spend:a', amountPence: s === 0 ? amount - share * (schemes - 1) : share, schemeId: `scheme-${s}`, personId: 1 + ((i * 31 + w) % 5000) }));
  return {
    idempotencyKey: `w${w}-${i}`,
    date: `2025-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
    description: `Writer ${w} posting ${i}`,
    by: `writer-${w}`,
    lines: [...lines, { account: i % 2 === 0 ? 'fault:bank' : 'fault:creditors', amountPence: -amount }],
  };
}

async function main(): Promise<void> {
  const [url, writerText, countText, checkpoint] = process.argv.slice(2);
  if (url === undefined || writerText === undefined || countText === undefined || checkpoint === undefined) throw new Error('usage: ledger-writer.ts <database-url> <writer> <postings> <checkpoint-file>');
  const w = Number(writerText);
  const count = Number(countText);
  let done = existsSync(checkpoint) ? Number(readFileSync(checkpoint, 'utf8')) : 0;
  const db = await openDatabase({ databaseUrl: url });
  let posted = 0;
  let replayed = 0;
  process.stdout.write('ready\n');
  try {
    while (done < count) {
      const size = Math.min(count - done, 1 + Math.floor(Math.random() * 20));
      const inputs = Array.from({ length: size }, (_, k) => faultPosting(w, done + k));
      const journals = size === 1 && inputs[0] !== undefined ? [await postJournal(db, inputs[0])] : await postJournals(db, inputs);
      for (const j of journals) if (j.replayed) replayed++; else posted++;
      done += size;
      writeFileSync(`${checkpoint}.next`, String(done));
      renameSync(`${checkpoint}.next`, checkpoint);
      process.stdout.write(`posted ${done}\n`);
    }
  } finally {
    await db.close();
  }
  process.stdout.write(`done ${posted} ${replayed}\n`);
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) await main();
