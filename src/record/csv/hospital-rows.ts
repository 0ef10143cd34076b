/**
 * The hospital's activity files (docs/formats/hospital.md): spells, A&E attendances and outpatient
 * appointments, each a timeline entry of the person whose hospital number it was recorded under.
 */
import type { MapResult, NormalisedRecord, TimelineFacet } from '../model.js';
import { daysBetween } from './dates.js';
import {
  admissionMethods, delayReasonAliases, delayReasons, dischargeDestinations, dischargePathways,
  hospitalSites, treatmentFunctions,
} from './hospital-codes.js';
import { days, entryOf, type RowContext } from './row-context.js';

const pipe = '|';
const foldSpaces = /\s+/g;

/** The record of a row that passed its checks, or none when an issue rejected it. */
function result(ctx: RowContext, record: () => NormalisedRecord): MapResult {
  return { records: ctx.rejected ? [] : [record()], issues: ctx.issues };
}

/** A code's entry in a code list; an unlisted code is an "unknown-code" issue (the row is kept). */
function coded<T>(ctx: RowContext, column: string, list: Readonly<Record<string, T>>, what: string): T | undefined {
  const code = ctx.get(column);
  if (code === '') return undefined;
  const entry = entryOf(list, code);
  if (entry === undefined) ctx.issue('unknown-code', column, `${column} "${code}" is not ${what} we know.`, false);
  return entry;
}

function specialty(code: string): string {
  const name = entryOf(treatmentFunctions, code);
  return name === undefined ? code : `${code} ${name}`;
}

/** "yes"/"no" (any case, or Y/N, true/false) as a flag; anything else is an "unknown-code" issue. */
function flag(ctx: RowContext, column: string): boolean | undefined {
  const text = ctx.get(column).toLowerCase();
  if (text === '') return undefined;
  if (text === 'yes' || text === 'y' || text === 'true' || text === '1') return true;
  if (text === 'no' || text === 'n' || text === 'false' || text === '0') return false;
  ctx.issue('unknown-code', column, `${column} "${ctx.get(column)}" is neither yes nor no.`, false);
  return undefined;
}

function delayReason(ctx: RowContext): { code: string; label: string } | undefined {
  const text = ctx.get('delay_reason');
  if (text === '') return undefined;
  const folded = text.toUpperCase().replace(foldSpaces, '');
  const code = entryOf(delayReasons, text) === undefined ? entryOf(delayReasonAliases, folded) ?? folded : text;
  const label = entryOf(delayReasons, code);
  if (label === undefined) {
    ctx.issue('unknown-code', 'delay_reason', `delay_reason "${text}" is not a Delayed Transfers of Care reason code.`, false);
    return undefined;
  }
  return { code, label };
}

/** A hospital provider spell: admission to discharge, with the discharge ready date and any delay. */
export function mapSpellRow(ctx: RowContext): MapResult {
  const sourceKey = ctx.required('spell_id', 'spell identifier');
  const subjectKey = ctx.required('local_id', 'hospital number');
  const admitted = ctx.requiredDate('admission_date', 'admission date');
  const discharged = ctx.date('discharge_date', true);
  let ready = ctx.date('discharge_ready_date', false);
  if (admitted !== undefined && discharged !== undefined && discharged < admitted) {
    ctx.issue('impossible-date', 'discharge_date', `discharge_date ${discharged} is before admission_date ${admitted}.`, true);
  }
  if (ready !== undefined && ((admitted !== undefined && ready < admitted) || (discharged !== undefined && ready > discharged))) {
    ctx.issue('impossible-date', 'discharge_ready_date', `discharge_ready_date ${ready} is outside the spell and was left out.`, false);
    ready = undefined;
  }
  const method = coded(ctx, 'admission_method', admissionMethods, 'an admission method');
  const destination = coded(ctx, 'discharge_destination', dischargeDestinations, 'a discharge destination');
  const site = coded(ctx, 'site', hospitalSites, 'a hospital site');
  const pathway = ctx.get('discharge_pathway');
  const pathwayLabel = coded(ctx, 'discharge_pathway', dischargePathways, 'a discharge pathway');
  const reason = delayReason(ctx);
  const primary = ctx.get('primary_diagnosis');
  const secondary = ctx.get('secondary_diagnoses');
  const treatment = ctx.get('specialty');

  return result(ctx, () => {
    const date = admitted ?? '';
    const stay = discharged === undefined ? undefined : daysBetween(date, discharged);
    const delay = ready !== undefined && discharged !== undefined ? daysBetween(ready, discharged) : undefined;
    const parts: string[] = [];
    if (primary !== '') parts.push(primary);
    parts.push(stay === undefined ? 'still in hospital' : stay === 0 ? 'same day' : days(stay));
    const ending = pathwayLabel === undefined ? destination?.phrase : `discharge pathway ${pathway}${destination === undefined ? '' : ` ${destination.phrase}`}`;
    if (ending !== undefined) parts.push(ending);
    const start = `${method?.title ?? 'Admission'}${ctx.get('site') === 'community' ? ' to the community hospital' : ''}`;

    const detail: Record<string, string> = { 'Admission date': date };
    const methodCode = ctx.get('admission_method');
    if (methodCode !== '') detail['Admission method'] = method === undefined ? methodCode : `${methodCode} ${method.label}`;
    if (site !== undefined) detail.Site = site;
    if (ready !== undefined) detail['Discharge ready date'] = ready;
    if (discharged !== undefined) detail['Discharge date'] = discharged;
    if (stay !== undefined) detail['Length of stay'] = days(stay);
    if (delay !== undefined) detail['Delay after discharge ready date'] = days(delay);
    if (reason !== undefined) detail['Delay reason'] = `${reason.code} ${reason.label}`;
    if (pathway !== '') detail['Discharge pathway'] = pathwayLabel === undefined ? pathway : `${pathway}: ${pathwayLabel}`;
    const destinationCode = ctx.get('discharge_destination');
    if (destinationCode !== '') detail['Discharge destination'] = destination === undefined ? destinationCode : `${destinationCode} ${destination.label}`;
    if (primary !== '') detail['Primary diagnosis'] = primary;
    if (secondary !== '') detail['Secondary diagnoses'] = secondary.split(pipe).join(', ');
    if (treatment !== '') detail.Specialty = specialty(treatment);

    const timeline: TimelineFacet = { kind: 'admission', date, title: `${start}: ${parts.join(', ')}`, detail };
    if (discharged !== undefined) timeline.endDate = discharged;
    return { resourceType: 'HospitalSpell', sourceKey, subjectKey, timeline, payload: ctx.row };
  });
}

/** An attendance at the emergency department. */
export function mapAeRow(ctx: RowContext): MapResult {
  const sourceKey = ctx.required('attendance_id', 'attendance identifier');
  const subjectKey = ctx.required('local_id', 'hospital number');
  const date = ctx.requiredDate('arrival_date', 'arrival date');
  const diagnosis = ctx.get('diagnosis');
  const admitted = flag(ctx, 'admitted');
  return result(ctx, () => {
    const parts = ['A&E attendance'];
    if (diagnosis !== '') parts.push(diagnosis);
    const outcome = admitted === undefined ? '' : admitted ? ', admitted' : ', not admitted';
    const detail: Record<string, string> = { 'Arrival date': date ?? '' };
    if (diagnosis !== '') detail.Diagnosis = diagnosis;
    if (admitted !== undefined) detail.Admitted = admitted ? 'Yes' : 'No';
    return {
      resourceType: 'AeAttendance', sourceKey, subjectKey, payload: ctx.row,
      timeline: { kind: 'ae-attendance', date: date ?? '', title: `${parts.join(': ')}${outcome}`, detail },
    };
  });
}

/** An outpatient appointment, attended or not. */
export function mapOutpatientRow(ctx: RowContext): MapResult {
  const sourceKey = ctx.required('appointment_id', 'appointment identifier');
  const subjectKey = ctx.required('local_id', 'hospital number');
  const date = ctx.requiredDate('date', 'appointment date');
  const treatment = ctx.get('specialty');
  const attended = flag(ctx, 'attended');
  return result(ctx, () => {
    const clinic = treatment === '' ? '' : ` (${specialty(treatment)})`;
    const outcome = attended === undefined ? '' : attended ? ': attended' : ': did not attend';
    const detail: Record<string, string> = { Date: date ?? '' };
    if (treatment !== '') detail.Specialty = specialty(treatment);
    if (attended !== undefined) detail.Attended = attended ? 'Yes' : 'No (did not attend)';
    return {
      resourceType: 'OutpatientAppointment', sourceKey, subjectKey, payload: ctx.row,
      timeline: { kind: 'outpatient', date: date ?? '', title: `Outpatient appointment${clinic}${outcome}`, detail },
    };
  });
}
