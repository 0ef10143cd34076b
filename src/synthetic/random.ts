/**
 * Seeded random streams for the synthetic locality. Every stream is fully determined by the seed
 * and its keys (say "person", 41_207), so work can be split across worker threads in any way and
 * still give byte-identical output. The generator is xoroshiro128+ from pure-rand; its 128-bit
 * state is seeded through a SplitMix-style mixer of the keys, as the generator's authors advise,
 * so that streams with neighbouring keys are unrelated.
 */
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';

type Generator = ReturnType<typeof xoroshiro128plusFromState>;

/** Mixes a 32-bit value (the finaliser of MurmurHash3, also used to seed SplitMix32). */
function fmix32(x: number): number {
  let h = x >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Four well-mixed 32-bit words from the seed and keys; never all zero. */
function stateFor(seed: number, keys: readonly (string | number)[]): number[] {
  let h = fmix32(seed ^ 0x9e3779b9);
  for (const key of keys) {
    const text = typeof key === 'number' ? `#${key}` : key;
    for (let i = 0; i < text.length; i++) h = fmix32(h ^ Math.imul(text.charCodeAt(i) + 1, 0x27d4eb2d));
    h = fmix32(h ^ 0x165667b1);
  }
  const state: number[] = [];
  for (let i = 0; i < 4; i++) {
    h = (h + 0x9e3779b9) >>> 0;
    state.push(fmix32(h) | 0);
  }
  if (!state.some((w) => w !== 0)) state[0] = 1;
  return state;
}

/** A stream of random draws. Not for security: for reproducible synthetic data only. */
export class Random {
  private readonly generator: Generator;

  private constructor(generator: Generator) {
    this.generator = generator;
  }

  /** The stream for these keys under this seed; the same arguments always give the same draws. */
  static stream(seed: number, ...keys: readonly (string | number)[]): Random {
    if (!Number.isSafeInteger(seed)) throw new RangeError(`A seed is a whole number, not ${seed}`);
    return new Random(xoroshiro128plusFromState(stateFor(seed, keys)));
  }

  /** Uniform in [0, 1), with 53 random bits. */
  float(): number {
    const high = uniformInt(this.generator, 0, (1 << 26) - 1);
    const low = uniformInt(this.generator, 0, (1 << 27) - 1);
    return (high * 2 ** 27 + low) / 2 ** 53;
  }

  /** Uniform whole number from `min` to `max`, both included. */
  int(min: number, max: number): number {
    return uniformInt(this.generator, min, max);
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.float() < p;
  }

  /** One of the items, each as likely. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('Cannot pick from nothing');
    return items[this.int(0, items.length - 1)] as T;
  }

  /** Index drawn in proportion to the weights, given as cumulative sums (see `cumulative`). */
  weightedIndex(cumulativeWeights: Float64Array): number {
    const total = cumulativeWeights[cumulativeWeights.length - 1] ?? 0;
    const target = this.float() * total;
    let lo = 0;
    let hi = cumulativeWeights.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((cumulativeWeights[mid] ?? 0) > target) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** Normal draw (Box–Muller). */
  normal(mean = 0, sd = 1): number {
    const u = 1 - this.float();
    const v = this.float();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Poisson count with mean `lambda` (Knuth's product method; normal approximation above 60). */
  poisson(lambda: number): number {
    if (lambda <= 0) return 0;
    if (lambda > 60) return Math.max(0, Math.round(this.normal(lambda, Math.sqrt(lambda))));
    const limit = Math.exp(-lambda);
    let k = 0;
    let product = this.float();
    while (product > limit) {
      k++;
      product *= this.float();
    }
    return k;
  }
}

/** Running sums of the weights, for `Random.weightedIndex`. */
export function cumulative(weights: readonly number[]): Float64Array {
  const sums = new Float64Array(weights.length);
  let total = 0;
  weights.forEach((w, i) => {
    if (!(w >= 0)) throw new RangeError(`Weight ${i} is ${w}; weights are 0 or more`);
    total += w;
    sums[i] = total;
  });
  return sums;
}
