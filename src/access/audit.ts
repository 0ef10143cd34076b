/**
 * The audit trail's chain: every entry has its place (seq, with no gaps) and a SHA-256 hash of its
 * contents and the hash before it, and the head row holds the last of both. Appending locks the head,
 * so entries from any number of processes form one chain. Verifying walks the whole trail, recomputes
 * every hash and says where the chain breaks: an entry changed (its hash no longer matches), removed
 * (a gap), or cut off the end (the head is ahead of the last entry). The text hashed is built here
 * and, for entries written before the chain existed, by access.audit_hash in migration 0002; a test
 * holds the two to the same answer.
 */
import { createHash } from 'node:crypto';
import type { Db, Queryable } from '../platform/index.js';

/** The hash the first entry follows. */
export const genesisHash = '0'.repeat(64);

/** An entry's contents, as hashed. */
export interface AuditContents {
  at: Date;
  actor: string;
  action: string;
  resourceType: string | null;
  resourceId: string | null;
  outcome: number;
  reason: string;
  requestId: string | null;
  detail: string | null;
}

const hex = (s: string | null): string => (s === null ? '-' : Buffer.from(s, 'utf8').toString('hex'));

/** Microseconds since 1970, as the database stores `at`. */
const microseconds = (at: Date | string): string => (typeof at === 'string' ? at : (BigInt(at.getTime()) * 1000n).toString());

/** The hash of an entry at `seq` following `previous`. `at` may be given as microseconds already. */
export function auditHash(previous: string, seq: number, e: Omit<AuditContents, 'at'> & { at: Date | string }): string {
  const text = [
    previous, String(seq), microseconds(e.at), hex(e.actor), hex(e.action), hex(e.resourceType), hex(e.resourceId), String(e.outcome),
    hex(e.reason), hex(e.requestId), hex(e.detail),
  ].join('|');
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Appends entries to the chain in one transaction (the head is locked until it commits). */
export async function appendAudit(db: Db, entries: readonly AuditContents[]): Promise<void> {
  if (entries.length === 0) return;
  await db.transaction(async (tx) => {
    const head = await tx.query<{ seq: string; hash: string }>('SELECT seq::text AS seq, hash FROM access.audit_head FOR UPDATE', [], { prepared: true });
    let seq = Number(head.rows[0]?.seq ?? 0);
    let hash = head.rows[0]?.hash ?? genesisHash;
    const seqs: number[] = [];
    const hashes: string[] = [];
    for (const e of entries) {
      seq++;
      hash = auditHash(hash, seq, e);
      seqs.push(seq);
      hashes.push(hash);
    }
    await tx.query(
      `INSERT INTO access.audit_event (seq, hash, at, actor, action, resource_type, resource_id, outcome, reason, request_id, detail)
       SELECT * FROM unnest($1::int8[], $2::text[], $3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int4[], $9::text[], $10::text[], $11::text[])`,
      [
        seqs, hashes, entries.map((e) => e.at), entries.map((e) => e.actor), entries.map((e) => e.action), entries.map((e) => e.resourceType),
        entries.map((e) => e.resourceId), entries.map((e) => e.outcome), entries.map((e) => e.reason), entries.map((e) => e.requestId), entries.map((e) => e.detail),
      ],
      { prepared: true },
    );
    await tx.query(
      head.rows.length === 0 ? 'INSERT INTO access.audit_head (seq, hash) VALUES ($1, $2)' : 'UPDATE access.audit_head SET seq = $1, hash = $2',
      [seq, hash],
      { prepared: true },
    );
  });
}

/** Where the chain breaks. */
export interface AuditBreak {
  seq: number;
  /** The entry's id, when there is an entry at seq. */
  id?: string;
  problem: 'changed' | 'missing' | 'cut-off' | 'out-of-order';
  message: string;
}

export interface AuditVerification {
  entries: number;
  /** The last seq and hash, to keep elsewhere: a trail recomputed from scratch would end differently. */
  head: { seq: number; hash: string };
  breaks: AuditBreak[];
}

interface Row {
  id: string;
  seq: string;
  hash: string;
  at_us: string;
  actor: string;
  action: string;
  resource_type: string | null;
  resource_id: string | null;
  outcome: number;
  reason: string;
  request_id: string | null;
  detail: string | null;
}

/**
 * Recomputes the whole chain, a page at a time. After a changed entry the chain continues from its
 * stored hash, so one change is reported once and the entries after it are still checked. At most
 * `maxBreaks` breaks are listed.
 */
export async function verifyAudit(db: Queryable, options: { pageSize?: number; maxBreaks?: number; onProgress?: (done: number, total: number) => void } = {}): Promise<AuditVerification> {
  const pageSize = options.pageSize ?? 10_000;
  const maxBreaks = options.maxBreaks ?? 100;
  const head = await db.query<{ seq: string; hash: string }>('SELECT seq::text AS seq, hash FROM access.audit_head');
  const headSeq = Number(head.rows[0]?.seq ?? 0);
  const headHash = head.rows[0]?.hash ?? genesisHash;
  const breaks: AuditBreak[] = [];
  const report = (b: AuditBreak): void => {
    if (breaks.length < maxBreaks) breaks.push(b);
  };
  let expected = 1;
  let previous = genesisHash;
  let entries = 0;
  let after = 0;
  for (;;) {
    const { rows } = await db.query<Row>(
      `SELECT id::text AS id, seq::text AS seq, hash, ((extract(epoch FROM at) * 1000000)::bigint)::text AS at_us, actor, action, resource_type, resource_id,
              outcome, reason, request_id, detail
         FROM access.audit_event e WHERE e.seq > $1 ORDER BY e.seq LIMIT $2`,
      [after, pageSize],
    );
    for (const row of rows) {
      const seq = Number(row.seq);
      if (seq > expected) {
        report({ seq: expected, problem: 'missing', message: `entries ${expected}${seq - 1 > expected ? `–${seq - 1}` : ''} are missing (removed from the trail)` });
      }
      const computed = auditHash(previous, seq, {
        at: row.at_us, actor: row.actor, action: row.action, resourceType: row.resource_type, resourceId: row.resource_id, outcome: row.outcome,
        reason: row.reason, requestId: row.request_id, detail: row.detail,
      });
      if (computed !== row.hash && seq === expected) {
        report({ seq, id: row.id, problem: 'changed', message: `entry ${seq} (id ${row.id}) does not match its hash: it was changed after it was written` });
      }
      previous = row.hash;
      expected = seq + 1;
      entries++;
    }
    options.onProgress?.(entries, headSeq);
    if (rows.length < pageSize) break;
    after = Number(rows[rows.length - 1]?.seq ?? after);
  }
  if (headSeq >= expected) {
    report({ seq: expected, problem: 'cut-off', message: `the trail ends at entry ${expected - 1} but its head says ${headSeq}: entries ${expected}–${headSeq} were removed from the end` });
  } else if (headSeq < expected - 1 || (headSeq === expected - 1 && headSeq > 0 && headHash !== previous)) {
    report({ seq: headSeq, problem: 'out-of-order', message: `the head (entry ${headSeq}, ${headHash.slice(0, 12)}…) does not match the last entry (${expected - 1}, ${previous.slice(0, 12)}…)` });
  }
  return { entries, head: { seq: headSeq, hash: headHash }, breaks };
}
