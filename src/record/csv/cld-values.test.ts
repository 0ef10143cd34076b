import { describe, expect, it } from 'vitest';
import { type CldListColumn, cldLists, cldValueKey } from './cld-values.js';

describe('Client Level Data defined lists (DOMAIN.md §3.4)', () => {
  it('match every canonical value to itself, and no two values of a list share a folded key', () => {
    for (const list of Object.values(cldLists)) {
      for (const value of list.values) expect(list.match(value)).toBe(value);
      expect(new Set(list.values.map(cldValueKey)).size).toBe(list.values.length);
    }
  });

  it.each<[CldListColumn, string, string]>([
    // NHS England's own variant spellings.
    ['Event_Outcome', 'NFA - 100% NHS funded care', 'NFA - 100% NHS-funded care'],
    ['Event_Outcome', 'NFA - Support ended: Other reason', 'NFA - Support ended – other reason'],
    ['Event_Outcome', 'NFA - Support ended - other reason', 'NFA - Support ended – other reason'],
    ['Event_Outcome', 'NFA - Self-funded client (Inc. 12wk disregard)', 'NFA - Self-funded client (inc. 12wk disregard)'],
    ['Event_Outcome', 'NFA - Self-funded client (inc 12wk disregard)', 'NFA - Self-funded client (inc. 12wk disregard)'],
    ['Event_Outcome', 'NFA - Other', 'NFA- Other'],
    // Case, dashes, spacing, "&" and "/".
    ['Event_Outcome', 'nfa — information and advice/signposting only', 'NFA - Information & Advice / Signposting only'],
    ['Event_Outcome', 'Progress to Re-assessment/Unplanned Review', 'Progress to Re-assessment / Unplanned Review'],
    ['Event_Outcome', 'progress  to reablement / st-max', 'Progress to Reablement/ST-Max'],
    ['Service_Type', 'Short Term Support – ST-Max', 'Short Term Support: ST-Max'],
    ['Service_Type', 'LONG TERM SUPPORT: COMMUNITY', 'Long Term Support: Community'],
    ['Service_Type', 'Carer Support: Support involving the person cared for', 'Carer Support: Support involving the person cared-for'],
    ['Primary_Support_Reason', 'Physical support - access and mobility only', 'Physical Support: Access & mobility only'],
    ['Primary_Support_Reason', 'Support with memory and cognition', 'Support with Memory & Cognition'],
    ['Delivery_Mechanism', 'cassr managed personal budget', 'CASSR Managed Personal Budget'],
    ['Client_Type', 'service user', 'Service User'],
    ['Client_Type', ' Carer ', 'Carer'],
    ['Event_Type', 'SERVICE', 'Service'],
    ['Accommodation_Status', 'Tenant – private landlord', 'Tenant - private landlord'],
    ['Employment_Status', 'Paid - less than 16 hours a week', 'Paid: Less than 16 hours a week'],
    ['Has_Unpaid_Carer', 'yes', 'Yes'],
  ])('%s "%s" is "%s"', (column, variant, canonical) => {
    expect(cldLists[column].match(variant)).toBe(canonical);
  });

  it.each<[CldListColumn, string]>([
    ['Event_Type', 'Referral'],
    ['Service_Type', 'Long Term Support'],
    ['Event_Outcome', 'NFA'],
    ['Delivery_Mechanism', 'Cash'],
    ['Client_Type', 'Carer of'],
  ])('%s "%s" is on no list', (column, text) => {
    expect(cldLists[column].match(text)).toBeUndefined();
  });
});
