/**
 * The true people of a locality and everything that happened to them (what a perfect record would
 * hold), shard by shard in this thread, without writing any file: for judging models against the
 * truth at a scale where importing every source into the record first would take far longer than
 * the judging. The same people, seed for seed, as `synthesise` writes.
 */
import type { CaringRole, History, Person } from './model.js';
import type { SynthOptions } from './options.js';
import { isoDate } from './calendar.js';
import { buildPlace } from './place.js';
import { periodBounds, shardSize } from './population.js';
import { simulateShard } from './shard.js';

export interface TruePerson {
  readonly person: Person;
  readonly history: History;
  /** Unpaid carers looking after this person. */
  readonly carers: readonly CaringRole[];
}

export interface TrueLocality {
  /** Deprivation decile (1 most deprived) of each neighbourhood, by `Address.neighbourhood`. */
  readonly deprivationDecile: readonly number[];
  /** The period's first day and the day after its last, YYYY-MM-DD. */
  readonly start: string;
  readonly end: string;
  /** The people of each shard in turn. */
  people(): Generator<TruePerson>;
}

export function trueLocality(options: SynthOptions): TrueLocality {
  const place = buildPlace(options);
  const shards = Math.ceil(options.people / shardSize);
  const period = periodBounds(options.start, options.years);
  return {
    deprivationDecile: place.neighbourhoods.map((n) => n.deprivationDecile),
    start: isoDate(period.start),
    end: isoDate(period.end),
    *people() {
      for (let i = 0; i < shards; i++) {
        const shard = simulateShard(options, place, i);
        const carers = new Map<string, CaringRole[]>();
        for (const role of shard.roles) carers.set(role.caredForId, [...(carers.get(role.caredForId) ?? []), role]);
        for (let k = 0; k < shard.people.length; k++) {
          const person = shard.people[k] as Person;
          yield { person, history: shard.histories[k] as History, carers: carers.get(person.id) ?? [] };
        }
      }
    },
  };
}
