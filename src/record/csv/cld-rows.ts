/**
 * Adult Social Care Client Level Data rows (DOMAIN.md §3; docs/formats/council-cld.md): one row per
 * care event, with the person's fields repeated on every row. A row gives the event (`CldEvent`) and
 * the council's copy of the person (`CldPerson`, keyed by the council's person id: its own type, so that it
 * never replaces the fuller `CouncilPerson` of council/people.csv as a new version), so a person
 * exists even when no people file comes with the return.
 */
import type { IdentityFacts, MapResult, NormalisedRecord, SummaryFacet, TimelineFacet } from '../model.js';
import type { CldEventType } from './cld-lists.js';
import { formatPounds, isUnitCount, packageSize, penceFromPounds } from './cld-money.js';
import { type CldListColumn, cldLists } from './cld-values.js';
import { parseDate } from './dates.js';
import { deathDate } from './identity-rows.js';
import type { RowContext } from './row-context.js';

/** The person columns a `CldPerson` from a CLD row keeps as its payload. */
const personColumns = [
  'LA_Code', 'LA_Person_Unique_Identifier', 'NHS_Number', 'Gender', 'Ethnicity', 'Date_of_Birth',
  'Date_of_Death', 'Has_Unpaid_Carer', 'Accommodation_Status', 'Employment_Status',
] as const;

const timelineKinds = {
  Request: 'care-request', Assessment: 'care-assessment', Service: 'care-service', Review: 'care-review',
} as const satisfies Record<CldEventType, TimelineFacet['kind']>;

/**
 * The canonical spelling of a defined-list value; a value not on the list is an "unknown-code"
 * issue and kept as written ("" when empty).
 */
function listed(ctx: RowContext, column: CldListColumn): string {
  const text = ctx.get(column);
  if (text === '') return '';
  const value = cldLists[column].match(text);
  if (value !== undefined) return value;
  ctx.issue('unknown-code', column, `${column} "${text}" is not on the Client Level Data list of ${column} values; kept as written.`, false);
  return text;
}

/** One part of an event id: "|" inside a value is escaped so that two ids never run together. */
function keyPart(text: string): string {
  return text.includes('|') ? text.replaceAll('\\', '\\\\').replaceAll('|', '\\|') : text;
}

/** The CldPerson a CLD row describes, or undefined when its date of birth is impossible. */
function personOf(ctx: RowContext, laPersonId: string): NormalisedRecord | undefined {
  const identity: IdentityFacts = {};
  const nhsNumber = ctx.nhsNumber('NHS_Number');
  if (nhsNumber !== undefined) identity.nhsNumber = nhsNumber;
  const sex = ctx.sex('Gender');
  if (sex !== undefined) identity.sex = sex;
  const birthText = ctx.get('Date_of_Birth');
  const birthDate = birthText === '' ? undefined : parseDate(birthText);
  if (birthDate !== undefined) identity.birthDate = birthDate;
  const deceased = deathDate(ctx, 'Date_of_Death', birthDate);
  if (deceased !== undefined) identity.deceased = deceased;
  if (birthText !== '' && birthDate === undefined) {
    ctx.rejectApart('impossible-date', 'Date_of_Birth', `Date_of_Birth "${birthText}" is not a calendar date: the person's details on this row were not taken.`);
    return undefined;
  }
  const payload: Record<string, string> = {};
  for (const column of personColumns) {
    const name = ctx.fields.nameOf(column);
    const value = ctx.row[name];
    if (value !== undefined) payload[name] = value;
  }
  return { resourceType: 'CldPerson', sourceKey: laPersonId, identity, payload };
}

interface Service {
  /** E.g. "Long Term Support: Community – Home Care, 12 hours a week (£26.50 an hour), CASSR Commissioned Support". */
  readonly description: string;
  readonly pence: number | undefined;
}

/** The service a Service event provides, in words, with its unit cost in pence. */
function serviceOf(ctx: RowContext, type: string, mechanism: string): Service {
  const component = ctx.get('Service_Component');
  const costText = ctx.get('Unit_Cost');
  const pence = costText === '' ? undefined : penceFromPounds(costText);
  if (costText !== '' && pence === undefined) ctx.issue('invalid-amount', 'Unit_Cost', `Unit_Cost "${costText}" is not an amount in pounds and was left out.`, false);
  let planned = ctx.get('Planned_Units_Per_Week');
  if (planned !== '' && !isUnitCount(planned)) {
    ctx.issue('invalid-number', 'Planned_Units_Per_Week', `Planned_Units_Per_Week "${planned}" is not a number and was left out.`, false);
    planned = '';
  }
  const frequency = listed(ctx, 'Cost_Frequency_Unit_Type');
  const typeTail = type.slice(type.indexOf(':') + 1).trim().toLowerCase();
  const what = component === '' || component.toLowerCase() === typeTail ? type || component : `${type || 'Service'} – ${component}`;
  const parts = [what];
  const size = packageSize(frequency, planned, pence);
  if (size !== '') parts.push(size);
  if (mechanism !== '' && mechanism.toLowerCase() !== component.toLowerCase()) parts.push(mechanism);
  return { description: parts.join(', '), pence };
}

/** "Request (Discharge from Hospital): Progress to Reablement/ST-Max" and the like. */
function titleOf(ctx: RowContext, type: CldEventType, carer: boolean, outcome: string, service: Service | undefined): string {
  const ending = outcome === '' ? '' : `: ${outcome}`;
  switch (type) {
    case 'Request': {
      const route = ctx.get('Request_Route_of_Access');
      return `${carer ? 'Carer request' : 'Request'}${route === '' ? '' : ` (${route})`}${ending}`;
    }
    case 'Assessment': {
      const kind = ctx.get('Assessment_Type') || 'Assessment';
      const eligible = ctx.get('Eligible_Needs_Identified').toLowerCase();
      const needs = eligible === 'yes' ? 'eligible needs' : eligible === 'no' ? 'no eligible needs' : '';
      const label = carer && !kind.toLowerCase().includes('carer') ? `Carer ${kind.toLowerCase()}` : kind;
      const said = [needs, outcome].filter((s) => s !== '').join(', ');
      return said === '' ? label : `${label}: ${said}`;
    }
    case 'Review': {
      const reason = ctx.get('Review_Reason');
      const label = reason === '' ? 'Review' : `${reason} review`;
      return `${carer ? `Carer ${label.toLowerCase()}` : label}${ending}`;
    }
    case 'Service':
      return `Service: ${service?.description ?? ''}`;
  }
}

/** Labelled facts of the event shown when its timeline entry is opened, in the order of the CLD return. */
function detailOf(
  ctx: RowContext, event: Readonly<Record<string, string>>, service: { serviceType: string; mechanism: string }, pence: number | undefined,
): Record<string, string> {
  const laName = ctx.get('LA_Name');
  const laCode = ctx.get('LA_Code');
  const facts: [string, string][] = [
    ['Council', laName === '' ? laCode : laCode === '' ? laName : `${laName} (${laCode})`],
    ...Object.entries(event),
    ['Route of access', ctx.get('Request_Route_of_Access')],
    ['Assessment type', ctx.get('Assessment_Type')],
    ['Eligible needs identified', ctx.get('Eligible_Needs_Identified')],
    ['Unpaid carer involved in assessment', ctx.get('Informal_Carer_Involved_In_Assessment')],
    ['Review reason', ctx.get('Review_Reason')],
    ['Service type', service.serviceType],
    ['Service component', ctx.get('Service_Component')],
    ['Delivery mechanism', service.mechanism],
    ['Unit cost', pence === undefined ? '' : formatPounds(pence)],
    ['Unit cost (pence)', pence === undefined ? '' : String(pence)],
    ['Cost frequency', ctx.get('Cost_Frequency_Unit_Type')],
    ['Planned units per week', ctx.get('Planned_Units_Per_Week')],
    ['Provider', ctx.get('Provider_Code')],
    ['Cared-for person', ctx.get('Cared_For_Person')],
  ];
  const detail: Record<string, string> = {};
  for (const [label, value] of facts) if (value !== '') detail[label] = value;
  return detail;
}

/** A Client Level Data row: the CldPerson it describes and its CldEvent. */
export function mapCldRow(ctx: RowContext): MapResult {
  const laPersonId = ctx.required('LA_Person_Unique_Identifier', "council's person identifier");
  if (laPersonId === '') return { records: [], issues: ctx.issues };
  const person = personOf(ctx, laPersonId);
  const records: NormalisedRecord[] = person === undefined ? [] : [person];
  const event = eventOf(ctx, laPersonId);
  if (event !== undefined && !ctx.rejected) records.push(event);
  return { records, issues: ctx.issues };
}

function eventOf(ctx: RowContext, laPersonId: string): NormalisedRecord | undefined {
  const typeText = ctx.required('Event_Type', 'event type');
  const type = typeText === '' ? undefined : cldLists.Event_Type.match(typeText);
  if (typeText !== '' && type === undefined) {
    ctx.issue('unknown-code', 'Event_Type', `Event_Type "${typeText}" is not Request, Assessment, Service or Review: the event was not taken.`, true);
  }
  const start = ctx.requiredDate('Event_Start_Date', 'event start date');
  const endText = ctx.get('Event_End_Date');
  const end = ctx.date('Event_End_Date', true);
  if (start !== undefined && end !== undefined && end < start) {
    ctx.issue('impossible-date', 'Event_End_Date', `Event_End_Date ${end} is before Event_Start_Date ${start}.`, true);
  }
  if (endText === '' && type !== undefined && type !== 'Service') {
    ctx.issue('open-event', 'Event_End_Date', `A ${type} has no Event_End_Date: only Service events may be open (CLD guidance, release 1).`, true);
  }
  const clientType = listed(ctx, 'Client_Type');
  const outcome = listed(ctx, 'Event_Outcome');
  const supportReason = listed(ctx, 'Primary_Support_Reason');
  listed(ctx, 'Has_Unpaid_Carer');
  listed(ctx, 'Accommodation_Status');
  listed(ctx, 'Employment_Status');
  const isService = type === 'Service';
  const serviceType = isService ? listed(ctx, 'Service_Type') : ctx.get('Service_Type');
  const mechanism = isService ? listed(ctx, 'Delivery_Mechanism') : ctx.get('Delivery_Mechanism');
  if (isService && serviceType === '') ctx.issue('missing-value', 'Service_Type', 'A Service event has no Service_Type.', false);
  const service = isService ? serviceOf(ctx, serviceType, mechanism) : undefined;
  const reference = ctx.get('Event_Reference');
  if (type !== undefined && !isService && type !== 'Request' && reference === '') ctx.required('Event_Reference', 'event reference');
  if (ctx.rejected || type === undefined || start === undefined) return undefined;

  const laCode = ctx.get('LA_Code');
  const base = [type, laCode, laPersonId, start];
  const own = type === 'Request' ? [ctx.get('Request_Route_of_Access')]
    : isService ? [serviceType, ctx.get('Service_Component'), mechanism] : [reference];
  const sourceKey = [...base, ...own].map(keyPart).join('|');

  const carer = clientType === 'Carer' || clientType === 'Carer known by association';
  const detail = detailOf(ctx, {
    'Event type': type, 'Event reference': reference, 'Client type': clientType, 'Start date': start,
    'End date': end ?? '', Outcome: outcome, 'Primary support reason': supportReason,
  }, { serviceType, mechanism }, service?.pence);
  const timeline: TimelineFacet = { kind: timelineKinds[type], date: start, title: titleOf(ctx, type, carer, outcome, service), detail };
  if (end !== undefined) timeline.endDate = end;
  const record: NormalisedRecord = { resourceType: 'CldEvent', sourceKey, subjectKey: laPersonId, timeline, payload: ctx.row };
  const summary = summaryOf(ctx, carer, service, start, end);
  if (summary !== undefined) record.summary = summary;
  return record;
}

/**
 * A carer's events say the person is an unpaid carer; a service user's Service events are the
 * services they receive. Whether a service user has a carer is for the summary to work out from
 * Has_Unpaid_Carer across rows, so their other events add nothing here.
 */
function summaryOf(ctx: RowContext, carer: boolean, service: Service | undefined, start: string, end: string | undefined): SummaryFacet | undefined {
  if (carer) {
    const caredFor = ctx.get('Cared_For_Person');
    const who = caredFor === '' ? 'Unpaid carer' : `Unpaid carer for council person ${caredFor}`;
    const text = service === undefined ? who : `${who}: ${service.description}`;
    const active = service === undefined ? ctx.get('Date_of_Death') === '' : end === undefined;
    return { section: 'carer', text, since: start, active };
  }
  if (service === undefined) return undefined;
  return { section: 'service', text: service.description, since: start, active: end === undefined };
}
