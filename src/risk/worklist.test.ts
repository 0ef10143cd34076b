import { describe, expect, it } from 'vitest';
import { decisionProblems } from './worklist.js';

describe('a decision on the case-finding list', () => {
  it.each([
    [{ decision: 'exclude' as const }, ['reason']],
    [{ decision: 'exclude' as const, reason: 'toString' }, ['reason']], // inherited names are not reasons
    [{ decision: 'exclude' as const, reason: 'other' }, ['note']],
    [{ decision: 'exclude' as const, reason: 'other', note: 'Moved away' }, []],
    [{ decision: 'exclude' as const, reason: 'end-of-life' }, []],
    [{ decision: 'enrol' as const }, ['coordinator']],
    [{ decision: 'enrol' as const, coordinator: '  ' }, ['coordinator']],
    [{ decision: 'enrol' as const, coordinator: 'sam.coordinator', note: 'x'.repeat(1001) }, ['note']],
    [{ decision: 'return' as const }, []],
  ])('%o has problems with %o', (input, paths) => {
    expect(decisionProblems(input).map((p) => p.path)).toEqual(paths);
  });
});
