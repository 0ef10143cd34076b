import { describe, expect, it } from 'vitest';
import { bodyFingerprint, isIsoDate, journalProblems, periodOf, type JournalInput } from './ledger.js';

const good: JournalInput = {
  idempotencyKey: 'inv-1', date: '2025-05-01', description: 'Home care invoice', by: 'pat',
  lines: [{ account: 'bcf:spend', amountPence: 1250 }, { account: 'bcf:bank', amountPence: -1250 }],
};
const paths = (input: Partial<JournalInput>, prefix?: string): string[] => journalProblems({ ...good, ...input }, prefix).map((p) => p.path);

describe('journalProblems', () => {
  it('accepts a balanced journal of whole pence with at least two lines', () => {
    expect(journalProblems(good)).toEqual([]);
    expect(journalProblems({ ...good, lines: [{ account: 'a', amountPence: 5 }, { account: 'b', amountPence: -2 }, { account: 'c', amountPence: -3 }] })).toEqual([]);
  });

  it.each([
    ['one line', { lines: [{ account: 'bcf:bank', amountPence: 100 }] }, ['lines']],
    ['no lines', { lines: [] }, ['lines']],
    ['lines not a list', { lines: 'x' as unknown as JournalInput['lines'] }, ['lines']],
    ['debits and credits differ', { lines: [{ account: 'a', amountPence: 100 }, { account: 'b', amountPence: -101 }] }, ['lines']],
    ['a fraction of a penny', { lines: [{ account: 'a', amountPence: 0.5 }, { account: 'b', amountPence: -0.5 }] }, ['lines/0/amountPence', 'lines/1/amountPence']],
    ['a zero line', { lines: [{ account: 'a', amountPence: 0 }, { account: 'b', amountPence: 0 }] }, ['lines/0/amountPence', 'lines/1/amountPence']],
    ['pounds as text', { lines: [{ account: 'a', amountPence: '12.50' as unknown as number }, { account: 'b', amountPence: -1250 }] }, ['lines/0/amountPence']],
    ['beyond exact integers', { lines: [{ account: 'a', amountPence: 2 ** 53 }, { account: 'b', amountPence: -(2 ** 53) }] }, ['lines/0/amountPence', 'lines/1/amountPence']],
    ['a bad account code', { lines: [{ account: 'has space', amountPence: 1 }, { account: '', amountPence: -1 }] }, ['lines/0/account', 'lines/1/account']],
    ['not a date', { date: '01/05/2025' }, ['date']],
    ['no such day', { date: '2025-02-29' }, ['date']],
    ['no key, description or poster', { idempotencyKey: '', description: '', by: ' ' }, ['idempotencyKey', 'description', 'by']],
    ['a key too long', { idempotencyKey: 'k'.repeat(201) }, ['idempotencyKey']],
    ['a person id that is no id', { lines: [{ account: 'a', amountPence: 1, personId: 1.5 }, { account: 'b', amountPence: -1, personId: 0 }] }, ['lines/0/personId', 'lines/1/personId']],
    ['a memo too long', { lines: [{ account: 'a', amountPence: 1, memo: 'm'.repeat(501) }, { account: 'b', amountPence: -1 }] }, ['lines/0/memo']],
  ] as [string, Partial<JournalInput>, string[]][])('refuses %s, saying where', (_, input, expected) => {
    expect(paths(input)).toEqual(expected);
  });

  it('sums exactly beyond 2^53 when every line is exact', () => {
    const big = Number.MAX_SAFE_INTEGER;
    expect(paths({ lines: [{ account: 'a', amountPence: big }, { account: 'a', amountPence: big }, { account: 'b', amountPence: -big }, { account: 'b', amountPence: -big }] })).toEqual([]);
    expect(journalProblems({ ...good, lines: [{ account: 'a', amountPence: big }, { account: 'a', amountPence: 1 }, { account: 'b', amountPence: -big }] })[0]?.message).toMatch(/sum to 1 pence/);
  });

  it('puts a batch member\'s problems under its place in the batch', () => {
    expect(paths({ date: 'x' }, 'journals/3/')).toEqual(['journals/3/date']);
  });
});

describe('bodyFingerprint', () => {
  it('is the same for the same body, whoever sends it and whatever key it has', () => {
    expect(bodyFingerprint(good)).toMatch(/^[0-9a-f]{64}$/);
    const resent: JournalInput = { ...good, by: 'someone else', idempotencyKey: 'other' };
    expect(bodyFingerprint(resent)).toBe(bodyFingerprint(good));
    expect(bodyFingerprint({ ...good, lines: good.lines.map((l) => ({ ...l, memo: null, personId: undefined })) })).toBe(bodyFingerprint(good));
  });

  it('differs when anything posted differs', () => {
    const base = bodyFingerprint(good);
    const [first, second] = good.lines as [JournalInput['lines'][0], JournalInput['lines'][0]];
    for (const changed of [
      { ...good, date: '2025-05-02' },
      { ...good, description: 'Another' },
      { ...good, lines: [{ ...first, amountPence: 1251 }, { ...second, amountPence: -1251 }] },
      { ...good, lines: [second, first] },
      { ...good, lines: [{ ...first, schemeId: 'reablement' }, second] },
      { ...good, lines: [{ ...first, funder: 'icb' }, second] },
      { ...good, lines: [{ ...first, personId: 7 }, second] },
    ]) expect(bodyFingerprint(changed)).not.toBe(base);
    expect(bodyFingerprint(good, '12')).not.toBe(base);
  });
});

describe('dates and periods', () => {
  it.each([['2025-05-01', true], ['2024-02-29', true], ['2025-02-29', false], ['2025-5-1', false], ['1899-12-31', false], [20250501, false]] as const)('%s is a date: %s', (text, ok) => {
    expect(isIsoDate(text)).toBe(ok);
  });
  it('takes the month of a date as its period', () => {
    expect(periodOf('2025-05-31')).toBe('2025-05');
  });
});
