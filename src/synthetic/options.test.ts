import { describe, expect, it } from 'vitest';
import { resolveSynthOptions, SynthOptionError } from './options.js';

const refusal = (input: Parameters<typeof resolveSynthOptions>[0]): string => {
  try {
    resolveSynthOptions(input);
  } catch (error) {
    if (error instanceof SynthOptionError) return `${error.option}: ${error.message}`;
    throw error;
  }
  return 'accepted';
};

describe('synthetic options', () => {
  it('complete the defaults', () => {
    const options = resolveSynthOptions({ people: '50,000', seed: 7 });
    expect(options).toMatchObject({ people: 50_000, seed: 7, start: '2023-04-01', years: 3, olderShare: 0.27, postcodeArea: 'ZQ' });
    expect(options.sourceErrors.council.nhsNumberMissing).toBeCloseTo(0.08);
  });

  it.each([
    [{ people: 999, seed: 1 }, /^people: --people must be from 1,000 to 2,000,000, not 999/],
    [{ people: 2_000_001, seed: 1 }, /^people: .*not 2,000,001/],
    [{ people: 'lots', seed: 1 }, /^people: --people must be a whole number, not "lots"/],
    [{ people: 1000, seed: 'abc' }, /^seed: --seed must be a whole number, not "abc"/],
    [{ people: 1000, seed: -1 }, /^seed: /],
    [{ people: 1000, seed: 1, start: '2023-02-30' }, /^start: --start must be a real date/],
    [{ people: 1000, seed: 1, years: 2 }, /^years: --years must be from 3 to 10/],
    [{ people: 1000, seed: 1, olderShare: '0.9' }, /^older-share: /],
    [{ people: 1000, seed: 1, postcodeArea: 'zq1' }, /^postcode-area: /],
    [{ people: 1000, seed: 1, sourceErrors: { pharmacy: {} } as never }, /^source-errors: Unknown source system "pharmacy"/],
    [{ people: 1000, seed: 1, sourceErrors: { council: { nhsNumberMissing: 2 } } }, /^source-errors: council.nhsNumberMissing must be a rate from 0 to 1/],
  ])('refuse %j clearly', (input, message) => {
    expect(refusal(input)).toMatch(message);
  });
});
