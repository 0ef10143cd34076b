import { describe, expect, it } from 'vitest';
import { describeReason } from './access.js';

describe('describeReason', () => {
  it.each([
    ['registered with Bayside Practice', { text: 'Registered with Bayside Practice' }],
    ['care-team', { text: 'On the care team' }],
    ['their own record', { text: 'This is your own record' }],
    ['open episode with bayside-community', { text: 'Open episode with bayside-community' }],
    [
      'break-glass until 2026-12-01 19:30 UTC: Unconscious: need medication: now',
      { text: 'Emergency access', emergency: { until: '2026-12-01T19:30:00Z', why: 'Unconscious: need medication: now' } },
    ],
  ])('puts "%s" in words', (reason, words) => {
    expect(describeReason(reason)).toEqual(words);
  });
});
