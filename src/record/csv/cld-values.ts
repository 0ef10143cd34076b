/**
 * Matching councils' spellings of Client Level Data values to the defined lists of cld-lists.ts.
 * NHS England's own code writes several values two ways (DOMAIN.md §3.4: "NHS funded" and
 * "NHS-funded", "Support ended: Other reason" and "– other reason", "Inc." and "inc."), and councils'
 * systems vary case, dashes and spacing, so values are compared by a folded key. The lookups are built
 * once, when the module loads.
 */
import {
  accommodationStatuses, clientTypes, costFrequencies, deliveryMechanisms, employmentStatuses,
  eventOutcomes, eventTypes, hasUnpaidCarerValues, primarySupportReasons, serviceTypes, type CldEventType,
} from './cld-lists.js';

const ampersand = /&/g;
const slash = /\//g;
const separators = /[\s\-\u2010-\u2015\u2212:.,]+/g;

/**
 * The folded form two spellings of one value share: lower case, "&" as "and", hyphens, dashes,
 * colons, full stops and commas as one space, "/" spaced, runs of spaces as one.
 */
export function cldValueKey(text: string): string {
  return text.toLowerCase().replace(ampersand, ' and ').replace(slash, ' / ').replace(separators, ' ').trim();
}

/** Finds the canonical spelling of a value of one defined list. */
export interface CldList<T extends string> {
  readonly values: readonly T[];
  /** The canonical value, or undefined when the text is not on the list. */
  readonly match: (text: string) => T | undefined;
}

function cldList<T extends string>(values: readonly T[]): CldList<T> {
  const exact = new Map<string, T>();
  const folded = new Map<string, T>();
  for (const value of values) {
    exact.set(value, value);
    const key = cldValueKey(value);
    const clash = folded.get(key);
    if (clash !== undefined) throw new Error(`"${value}" and "${clash}" fold to the same key`);
    folded.set(key, value);
  }
  return {
    values,
    match: (text) => exact.get(text) ?? folded.get(cldValueKey(text)),
  };
}

export const cldLists = {
  Client_Type: cldList(clientTypes),
  Event_Type: cldList<CldEventType>(eventTypes),
  Service_Type: cldList(serviceTypes),
  Delivery_Mechanism: cldList(deliveryMechanisms),
  Primary_Support_Reason: cldList(primarySupportReasons),
  Event_Outcome: cldList(eventOutcomes),
  Accommodation_Status: cldList(accommodationStatuses),
  Employment_Status: cldList(employmentStatuses),
  Has_Unpaid_Carer: cldList(hasUnpaidCarerValues),
  Cost_Frequency_Unit_Type: cldList(costFrequencies),
} as const;

/** The CLD columns whose values are checked against a defined list. */
export type CldListColumn = keyof typeof cldLists;
