/** The community health provider's contacts (docs/formats/community.md): visits and appointments that took place. */
import type { MapResult } from '../model.js';
import type { RowContext } from './row-context.js';

/** Where a contact took place, as a title says it; other settings show as written. */
const settings: ReadonlyMap<string, string> = new Map([
  ['home', 'at home'],
  ['clinic', 'in a clinic'],
  ['care home', 'in a care home'],
]);

/** A community contact: the service that made it and where. */
export function mapCommunityContactRow(ctx: RowContext): MapResult {
  const sourceKey = ctx.required('contact_id', 'contact identifier');
  const subjectKey = ctx.required('local_id', 'community patient identifier');
  const date = ctx.requiredDate('date', 'contact date');
  if (ctx.rejected || date === undefined) return { records: [], issues: ctx.issues };
  const service = ctx.get('service');
  const setting = ctx.get('setting');
  const where = setting === '' ? '' : ` ${settings.get(setting.toLowerCase()) ?? `(${setting})`}`;
  const detail: Record<string, string> = { Date: date };
  if (service !== '') detail.Service = service;
  if (setting !== '') detail.Setting = setting;
  return {
    records: [{
      resourceType: 'CommunityContact', sourceKey, subjectKey, payload: ctx.row,
      timeline: { kind: 'community-visit', date, title: `${service === '' ? 'Community' : service} contact${where}`, detail },
    }],
    issues: ctx.issues,
  };
}
