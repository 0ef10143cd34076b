/**
 * The council's part of a person's life, as Client Level Data events (DOMAIN.md §3): requests for
 * support, assessments, services (ST-Max reablement, home care, residential and nursing care, direct
 * payments, carer support) and reviews. A reablement episode's outcome is settled lazily: if the person
 * is admitted, dies or the episode ends, whichever comes first decides it.
 */
import { isoDate } from './calendar.js';
import { opaqueId } from './ids.js';
import type { CareEvent } from './model.js';
import type { Organisation, Place } from './place.js';
import type { AddressPeriod, Resident } from './population.js';
import type { Random } from './random.js';
import {
  accommodation, deliveryMechanisms, employment, outcomes, primarySupportReasons, routes, serviceTypes, unitCosts,
} from './reference/social-care.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type DraftEvent = Mutable<CareEvent> & { startDay: number; endDay?: number };

interface CareContext {
  readonly seed: number;
  readonly start: number;
  readonly end: number;
  readonly place: Place;
}

interface PendingReablement {
  readonly event: DraftEvent;
  readonly plannedEnd: number;
  readonly plan: 'none' | 'home care' | 'care home';
  readonly deficits: number;
}

const careKey = 6;
const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

export class SocialCare {
  readonly events: DraftEvent[] = [];
  private sequence = 0;
  private pending: PendingReablement | undefined;
  /** The open long-term service (community, residential or nursing), if any. */
  private longTerm: DraftEvent | undefined;
  private reason: string | undefined;
  hasUnpaidCarer: 'Yes' | 'No' | 'Unknown' = 'Unknown';

  constructor(
    private readonly ctx: CareContext,
    private readonly resident: Resident,
    private readonly r: Random,
  ) {}

  private ageAt(day: number): number {
    return (day - this.resident.born) / 365.25;
  }

  /** Whether the person lives in a care home on `day`. */
  inCareHome(day: number): boolean {
    const spells = this.resident.addresses;
    for (let i = spells.length - 1; i >= 0; i--) {
      const spell = spells[i];
      if (spell && spell.from <= day) return spell.address.careHome !== undefined;
    }
    return false;
  }

  /** Services already in place when the period starts. */
  atStart(deficits: number, dementia: boolean, disability: boolean): void {
    const { r } = this;
    const age = this.ageAt(this.ctx.start);
    if (this.resident.careHomeAtStart) {
      if (r.chance(0.6)) this.openCareHomePlacement(this.resident.addresses[this.resident.addresses.length - 1]?.from ?? this.ctx.start - 365, this.careHome(this.resident.careHomeAtStart));
      return;
    }
    if (age < 18) return;
    const chance = age >= 65 ? sigmoid(-6.4 + 0.42 * (deficits - 5) + (dementia ? 0.8 : 0)) : dementia ? 0.2 : disability ? 0.05 : 0.002;
    if (r.chance(chance)) this.startHomeCare(this.ctx.start - r.int(30, 1_500), deficits);
  }

  /** Reablement (ST-Max) from `day`, after a hospital discharge or a request from the community. */
  reablement(day: number, deficits: number, afterDischarge: boolean): void {
    if (this.longTerm || this.pending || this.inCareHome(day)) return;
    const { r } = this;
    if (afterDischarge) this.request(day - r.int(0, 3), day, routes.discharge, outcomes.toReablement);
    const event = this.service(day, serviceTypes.stMax, 'Reablement', deliveryMechanisms.commissioned, unitCosts.reablementHour, 'Hourly', 7 + r.int(0, 7), this.homeCareProvider().code);
    const careHome = Math.min(0.35, 0.13 + 0.02 * Math.max(0, deficits - 10));
    const u = r.float();
    this.pending = { event, plannedEnd: day + r.int(14, 42), plan: u < careHome ? 'care home' : u < careHome + 0.3 ? 'home care' : 'none', deficits };
  }

  /** A move into a care home on `day` (the council funds about half; the rest pay for themselves). */
  moveToCareHome(day: number, deficits: number, fromHospital: boolean, viaRequest = true): void {
    if (this.inCareHome(day) || day >= this.ctx.end) return;
    const { r } = this;
    let home = this.ctx.place.careHomes[r.weightedIndex(this.ctx.place.careHomeWeights)];
    for (let tries = 0; tries < 4 && home && home.nursing !== deficits >= 12; tries++) home = this.ctx.place.careHomes[r.weightedIndex(this.ctx.place.careHomeWeights)];
    if (!home) return;
    const spells = this.resident.addresses;
    while (spells.length > 1 && (spells[spells.length - 1]?.from ?? 0) >= day) spells.pop();
    const current = spells[spells.length - 1] as AddressPeriod;
    current.to = day;
    const hood = this.ctx.place.neighbourhoods[home.neighbourhood];
    spells.push({ from: day, address: { line1: home.line1, town: hood?.town ?? '', postcode: home.postcode, neighbourhood: home.neighbourhood, careHome: home.code } });
    if (this.longTerm) this.close(this.longTerm, day, outcomes.toServices);
    this.longTerm = undefined;
    // Many people moving into a care home pay for it themselves: about half here, more than England's third.
    const funded = r.chance(0.5);
    if (viaRequest) this.request(day - r.int(1, 6), day - 1 >= this.ctx.start ? day - 1 : day, fromHospital ? routes.discharge : routes.community, funded ? outcomes.toAssessment : outcomes.selfFunded);
    if (!funded) return;
    this.assessment(day - r.int(1, 4), day, true);
    this.openCareHomePlacement(day, home);
  }

  /** Ends a reablement episode cut short by an admission. */
  admittedToHospital(day: number): void {
    const pending = this.pending;
    if (pending && pending.event.startDay <= day && day < pending.plannedEnd) {
      this.close(pending.event, day, outcomes.admitted);
      this.pending = undefined;
    }
  }

  /** Settles a reablement episode that has ended by `until`. */
  settle(until: number, death: number | undefined): void {
    const pending = this.pending;
    if (!pending) return;
    if (death !== undefined && death < pending.plannedEnd && death <= until) {
      this.close(pending.event, death, outcomes.deceased);
      this.pending = undefined;
      return;
    }
    if (pending.plannedEnd > until) return;
    this.pending = undefined;
    const end = pending.plannedEnd;
    this.close(pending.event, end, pending.plan === 'none' ? outcomes.endedAsPlanned : outcomes.toServices);
    const next = end + this.r.int(1, 7);
    if (death !== undefined && death <= next) return;
    if (pending.plan === 'care home') this.moveToCareHome(next, pending.deficits, false, false);
    else if (pending.plan === 'home care') this.startHomeCare(next, pending.deficits);
  }

  /** Requests for support from the community during one year. */
  communityRequests(from: number, until: number, deficits: number, inHospital: (day: number) => boolean): void {
    const age = this.ageAt(from);
    if (age < 18 || this.longTerm || this.pending || this.inCareHome(from) || until <= from) return;
    const { r } = this;
    const rate = age >= 65 ? Math.min(0.6, 0.009 * Math.exp(0.32 * (deficits - 5))) : 0.004 * Math.exp(0.25 * (deficits - 3));
    if (!r.chance(1 - Math.exp((-rate * (until - from)) / 365.25))) return;
    const day = from + r.int(0, until - from - 1);
    if (inHospital(day)) return;
    const closed = day + r.int(0, 14);
    if (closed >= until) return;
    const u = r.float();
    if (u < 0.4) {
      this.request(day, closed, routes.community, u < 0.3 ? outcomes.advice : r.chance(0.5) ? outcomes.declined : outcomes.noServices);
      return;
    }
    if (u < 0.6) {
      this.request(day, closed, routes.community, outcomes.toReablement);
      this.reablement(closed, deficits, false);
      return;
    }
    this.request(day, closed, routes.community, outcomes.toAssessment);
    const assessed = closed + r.int(2, 20);
    const done = assessed + r.int(0, 10);
    if (done >= until) return;
    const eligible = r.chance(0.75);
    this.assessment(assessed, done, eligible);
    if (!eligible) return;
    if (deficits >= 12 && r.chance(0.15)) this.moveToCareHome(done + r.int(3, 30), deficits, false, false);
    else this.startHomeCare(done + r.int(3, 21), deficits);
  }

  /** Support for an unpaid carer known to the council. */
  carerSupport(from: number, caredForId: string): void {
    const { r } = this;
    this.reason = primarySupportReasons.carer;
    const assessed = Math.max(this.ctx.start, from) + r.int(0, 300);
    if (assessed + 10 >= this.ctx.end) return;
    this.assessment(assessed, assessed + r.int(1, 10), true, 'Carer', caredForId);
    if (!r.chance(0.6)) return;
    const day = assessed + r.int(12, 40);
    if (day >= this.ctx.end) return;
    // A carer's personal budget: a weekly direct payment for a few months (breaks, help at home).
    const event = this.service(day, serviceTypes.carerDirect, 'Direct Payment', deliveryMechanisms.directPayment, unitCosts.carerPayment, 'Weekly', 1, undefined, 'Carer', caredForId);
    const end = day + 7 * r.int(8, 26);
    if (end < this.ctx.end) this.close(event, end, outcomes.endedAsPlanned);
  }

  /** Closes what is open at death, adds yearly reviews and keeps the events of the period. */
  finish(death: number | undefined): CareEvent[] {
    this.settle(this.ctx.end, death);
    if (this.pending && death !== undefined && death < this.ctx.end) this.close(this.pending.event, death, outcomes.deceased);
    if (this.longTerm && death !== undefined && death < this.ctx.end) this.close(this.longTerm, death, outcomes.deceased);
    for (const service of this.events.filter((e) => e.type === 'Service' && e.serviceType !== serviceTypes.stMax && e.serviceType !== serviceTypes.carerDirect)) {
      const stop = Math.min(service.endDay ?? this.ctx.end, this.ctx.end);
      for (let t = service.startDay + 365; t < stop; t += 365) {
        if (t < this.ctx.start) continue;
        const review = this.draft('Review', t, service.clientType);
        review.reviewReason = 'Planned';
        this.close(review, t, this.r.chance(0.85) ? outcomes.noChange : outcomes.toReview);
      }
    }
    return this.events
      .filter((e) => (e.endDay ?? this.ctx.end) >= this.ctx.start && e.startDay < this.ctx.end)
      .sort((a, b) => a.startDay - b.startDay)
      .map(({ startDay: _s, endDay: _e, ...event }) => event);
  }

  /** Person-level CLD fields, as at the end of the period (or death). */
  personFields(death: number | undefined): { accommodationStatus: string; employmentStatus: string; hasUnpaidCarer: 'Yes' | 'No' | 'Unknown' } {
    const day = Math.min(death ?? this.ctx.end, this.ctx.end) - 1;
    const age = this.ageAt(day);
    const spell = this.resident.addresses[this.resident.addresses.length - 1];
    const home = spell?.address.careHome ? this.careHome(spell.address.careHome) : undefined;
    const u = this.r.float();
    const accommodationStatus = home
      ? home.nursing ? accommodation.nursingHome : accommodation.careHome
      : u < 0.62 ? accommodation.owner : u < 0.82 ? accommodation.tenant : u < 0.9 ? accommodation.privateTenant : age >= 65 ? accommodation.sheltered : accommodation.family;
    const v = this.r.float();
    const employmentStatus = age >= 65 ? employment.retired : v < 0.35 ? employment.unknown : v < 0.5 ? employment.seeking : v < 0.75 ? employment.retired : v < 0.88 ? employment.partTime : employment.fullTime;
    return { accommodationStatus, employmentStatus, hasUnpaidCarer: this.hasUnpaidCarer };
  }

  private careHome(code: string): Organisation | undefined {
    return this.ctx.place.careHomes.find((h) => h.code === code);
  }

  private homeCareProvider(): Organisation {
    return this.r.pick(this.ctx.place.homeCareProviders);
  }

  private supportReason(): string {
    if (this.reason) return this.reason;
    const u = this.r.float();
    const age = this.ageAt(this.ctx.start);
    this.reason = age < 65 && u < 0.35 ? primarySupportReasons.learningDisability
      : age < 65 && u < 0.55 ? primarySupportReasons.mentalHealth
      : u < 0.12 ? primarySupportReasons.memory
      : u < 0.16 ? (this.r.chance(0.5) ? primarySupportReasons.visual : primarySupportReasons.hearing)
      : u < 0.32 ? primarySupportReasons.mobility
      : primarySupportReasons.personalCare;
    return this.reason;
  }

  private draft(type: CareEvent['type'], startDay: number, clientType: CareEvent['clientType'] = 'Service User', caredForId?: string): DraftEvent {
    const event: DraftEvent = {
      id: opaqueId('CE', careKey, this.resident.index, this.sequence++), type, clientType, start: isoDate(startDay), startDay,
      primarySupportReason: clientType === 'Carer' ? primarySupportReasons.carer : this.supportReason(),
      ...(caredForId ? { caredForId } : {}),
    };
    this.events.push(event);
    return event;
  }

  private close(event: DraftEvent, day: number, outcome: string): void {
    event.endDay = Math.max(day, event.startDay);
    event.end = isoDate(event.endDay);
    event.outcome = outcome;
  }

  private request(start: number, end: number, route: string, outcome: string): void {
    const event = this.draft('Request', start);
    event.routeOfAccess = route;
    this.close(event, end, outcome);
  }

  private assessment(start: number, end: number, eligible: boolean, clientType: CareEvent['clientType'] = 'Service User', caredForId?: string): void {
    const event = this.draft('Assessment', start, clientType, caredForId);
    event.assessmentType = clientType === 'Carer' ? 'Carer Assessment' : 'Assessment';
    event.eligibleNeeds = eligible ? 'Yes' : 'No';
    event.carerInvolved = this.hasUnpaidCarer === 'Yes' ? 'Yes' : 'No';
    this.close(event, end, eligible ? outcomes.toServices : outcomes.advice);
  }

  private service(
    start: number, type: string, component: string, mechanism: string, cost: readonly [number, number], frequency: 'Hourly' | 'Weekly',
    units: number, provider: string | undefined, clientType: CareEvent['clientType'] = 'Service User', caredForId?: string,
  ): DraftEvent {
    const event = this.draft('Service', start, clientType, caredForId);
    event.serviceType = type;
    event.serviceComponent = component;
    event.deliveryMechanism = mechanism;
    event.unitCostPence = Math.round(this.r.int(cost[0], cost[1]) / 5) * 5;
    event.costFrequency = frequency;
    event.plannedUnitsPerWeek = units;
    if (provider) event.provider = provider;
    return event;
  }

  private startHomeCare(day: number, deficits: number): void {
    if (this.longTerm || this.inCareHome(day) || day >= this.ctx.end) return;
    const u = this.r.float();
    const hours = Math.min(40, Math.max(2, 4 + this.r.poisson(Math.max(1, deficits - 3))));
    this.longTerm = u < 0.15
      ? this.service(day, serviceTypes.community, 'Direct Payment', deliveryMechanisms.directPayment, unitCosts.directPaymentHour, 'Hourly', hours, undefined)
      : this.service(day, serviceTypes.community, 'Home Care', u < 0.25 ? deliveryMechanisms.managed : deliveryMechanisms.commissioned, unitCosts.homeCareHour, 'Hourly', hours, this.homeCareProvider().code);
  }

  private openCareHomePlacement(day: number, home: Organisation | undefined): void {
    if (!home) return;
    const nursing = home.nursing === true;
    this.longTerm = this.service(
      day, nursing ? serviceTypes.nursing : serviceTypes.residential, nursing ? 'Nursing Care' : 'Residential Care', deliveryMechanisms.commissioned,
      nursing ? unitCosts.nursingWeek : unitCosts.residentialWeek, 'Weekly', 1, home.code,
    );
  }
}
