import { describe, expect, it } from 'vitest';
import { isoDate } from './calendar.js';
import { simulateLife } from './life.js';
import { resolveSynthOptions } from './options.js';
import { buildPlace } from './place.js';
import { buildShard } from './population.js';
import { lifeContext } from './shard.js';

const options = resolveSynthOptions({ people: 6_000, seed: 19 });
const place = buildPlace(options);
const ctx = lifeContext(options, place);
const residents = [0, 1, 2].flatMap((i) => buildShard({ seed: options.seed, people: options.people, start: ctx.start, end: ctx.end, olderShare: options.olderShare, place }, i).residents);
const lives = residents.map((r) => ({ life: simulateLife(ctx, r), events: [] as ReturnType<ReturnType<typeof simulateLife>['socialCare']['finish']> }));
for (const l of lives) l.events = l.life.socialCare.finish(l.life.death);
const end = isoDate(ctx.end);
const start = isoDate(ctx.start);

describe('a life in the place', () => {
  it('records discharge as the guidance defines it: a ready date only when the stay ran past it, a delay reason only with a delay', () => {
    let delayed = 0;
    for (const { life } of lives) {
      for (const s of life.spells) {
        if (s.dischargeReadyDate && s.dischargeDate) {
          expect(s.dischargeDate > s.dischargeReadyDate).toBe(true);
          expect(s.dischargeReadyDate >= s.admissionDate).toBe(true);
          delayed++;
        }
        if (s.delayReason) expect(s.dischargeReadyDate).toBeDefined();
        if (s.dischargeReadyDate && s.dischargeDate && s.dischargeDestination !== '79') expect(s.delayReason).toBeDefined();
        if (s.pathway !== undefined) {
          expect(s.dischargeDestination).not.toBe('79');
          expect(['21', '22', '81']).toContain(s.admissionMethod);
        }
      }
    }
    expect(delayed).toBeGreaterThan(50);
  });

  it('ends with death: nothing starts after it, a spell ending in death has destination 79, and the dead are never "still in hospital"', () => {
    for (const { life, events } of lives) {
      const death = life.death === undefined ? undefined : isoDate(life.death);
      for (const s of life.spells) {
        if (death) expect(s.admissionDate <= death).toBe(true);
        if (s.dischargeDestination === '79') expect(s.dischargeDate).toBe(death);
      }
      for (const c of life.gpConsultations) if (death) expect(c.date <= death).toBe(true);
      for (const e of events) if (death) expect(e.start <= death).toBe(true);
    }
  });

  it('never has two hospital stays at once', () => {
    for (const { life } of lives) {
      const spells = [...life.spells].sort((a, b) => (a.admissionDate < b.admissionDate ? -1 : 1));
      for (let i = 1; i < spells.length; i++) expect((spells[i]?.admissionDate ?? '') >= (spells[i - 1]?.dischargeDate ?? end)).toBe(true);
    }
  });

  it('moves a person discharged on pathway 3 into a care home on the day they leave', () => {
    let seen = 0;
    for (const { life } of lives) {
      for (const s of life.spells.filter((sp) => sp.pathway === 3 && sp.dischargeDate)) {
        const home = life.resident.addresses.find((a) => isoDate(a.from) === s.dischargeDate);
        expect(home?.address.careHome).toBeDefined();
        seen++;
      }
    }
    expect(seen).toBeGreaterThan(0);
  });

  it('keeps council events in Client Level Data form: only services may be open, all are in the period, requests have a route', () => {
    let services = 0;
    for (const { events } of lives) {
      for (const e of events) {
        if (e.type !== 'Service') expect(e.end).toBeDefined();
        if (e.end) expect(e.end >= e.start && e.end >= start).toBe(true);
        expect(e.start < end).toBe(true);
        if (e.type === 'Request') expect(e.routeOfAccess).toBeDefined();
        if (e.type === 'Service') {
          services++;
          expect(e.unitCostPence).toBeGreaterThan(0);
          expect(e.serviceType).toBeDefined();
        }
        if (e.end) expect(e.outcome).toBeDefined();
      }
    }
    expect(services).toBeGreaterThan(100);
  });

  it('writes one oracle row per year lived, with a probability strictly between 0 and 1', () => {
    for (const { life } of lives) {
      const yearsAlive = ctx.yearStarts.slice(0, -1).filter((y) => life.death === undefined || life.death >= y).length;
      expect(life.risk).toHaveLength(yearsAlive);
      for (const year of life.risk) expect(year.probability > 0 && year.probability < 1).toBe(true);
    }
  });
});
