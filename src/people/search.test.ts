import { beforeEach, describe, expect, it } from 'vitest';
import { backends, freshDatabaseEach } from '../../test/support/databases.js';
import { allMigrations } from '../joinedup.js';
import { everyone, migrate, type Db } from '../platform/index.js';
import { resolveIdentities } from './identities.js';
import { interpretQuery, searchPeople, SearchQueryError } from './search.js';

describe('reading a search query', () => {
  it.each([
    ['943 476 5919', 'nhs-number', '9434765919'],
    ['9434765919', 'nhs-number', '9434765919'],
    ['07/03/1941', 'birth-date', '1941-03-07'],
    ['1941-03-07', 'birth-date', '1941-03-07'],
    ['zq3 4lp', 'postcode', 'ZQ3 4LP'],
    ['ZQ34LP', 'postcode', 'ZQ3 4LP'],
    ['ZQ3', 'postcode', 'ZQ3'],
    ['Margret  Smth', 'name', 'margret smth'],
  ])('takes %j as a %s', (q, kind, text) => {
    expect(interpretQuery(q)).toEqual({ kind, text });
  });

  it.each([['a'], ['12345'], ['31/02/1941']])('refuses %j with a reason', (q) => {
    expect(() => interpretQuery(q)).toThrow(SearchQueryError);
  });
});

describe.each(backends)('person search on $name', (backend) => {
  const database = freshDatabaseEach(backend, async (db) => {
    await migrate(db, allMigrations());
    await db.transaction(async (tx) => {
      await resolveIdentities(tx, 'gp', [
        { localId: 'g1', details: { nhsNumber: '9990000018', family: 'Smith', given: ['Margaret'], birthDate: '1941-03-07', postcode: 'ZQ3 4LP', sex: 'female' } },
        { localId: 'g2', details: { nhsNumber: '9990000026', family: 'Jones', given: ['Robert'], birthDate: '1950-01-01', postcode: 'ZQ1 1AB', sex: 'male' } },
      ]);
      await resolveIdentities(tx, 'council', [{ localId: 'LA1', details: { nhsNumber: '9990000018', family: 'Smith', given: ['Maggie'], birthDate: '1941-03-07' } }]);
    });
  });
  let db: Db;
  beforeEach(() => {
    if (backend.available) db = database();
  });

  it.skipIf(!backend.available)('finds a person by a misspelt name, NHS number, date of birth or postcode, once however many sources hold them', async () => {
    const today = new Date('2026-11-23T00:00:00Z');
    const byName = await searchPeople(db, 'Margret Smth', 20, everyone, today);
    expect(byName.results.map((r) => [r.name, r.age, r.sources])).toEqual([['Margaret Smith', 85, ['gp', 'council']]]);
    expect((await searchPeople(db, '999 000 0018')).results).toHaveLength(1);
    expect((await searchPeople(db, '07/03/1941')).results.map((r) => r.nhsNumber)).toEqual(['9990000018']);
    expect((await searchPeople(db, 'zq1 1ab')).results.map((r) => r.name)).toEqual(['Robert Jones']);
    expect((await searchPeople(db, 'ZQ3')).results.map((r) => r.name)).toEqual(['Margaret Smith']);
    expect((await searchPeople(db, 'Nobody Atall')).results).toEqual([]);
  });
});
