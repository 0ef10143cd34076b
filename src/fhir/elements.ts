/**
 * Subsets of a resource a client asks for: `_elements` and `_summary` (FHIR R4 search.html §3.1.1.5.6
 * and §3.1.1.5.7). A subset is marked with the SUBSETTED tag so no one takes it for the whole.
 */
import { isSummaryElement } from './validation/index.js';

export type Summary = 'true' | 'text' | 'data' | 'count' | 'false';

export interface Subset {
  summary?: Summary;
  elements?: readonly string[];
}

const subsetted = { system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationValue', code: 'SUBSETTED', display: 'Resource encoded in summary mode' };

/** True when the subset changes what is served. */
function isSubset(subset: Subset): boolean {
  return (subset.elements !== undefined && subset.elements.length > 0) || (subset.summary !== undefined && subset.summary !== 'false' && subset.summary !== 'count');
}

/** The resource JSON text reduced to the subset (the text itself when nothing is to be left out). */
export function applySubset(text: string, subset: Subset): string {
  if (!isSubset(subset)) return text;
  const resource = JSON.parse(text) as Record<string, unknown> & { resourceType: string };
  const type = resource.resourceType;
  const keep = (key: string): boolean => {
    if (key === 'resourceType' || key === 'id' || key === 'meta') return true;
    const element = key.startsWith('_') ? key.slice(1) : key;
    if (subset.elements !== undefined && subset.elements.length > 0) return subset.elements.includes(element) || subset.elements.includes(choiceBase(element));
    switch (subset.summary) {
      case 'text':
        return element === 'text';
      case 'data':
        return element !== 'text';
      case 'true':
        return isSummaryElement(type, element);
      default:
        return true;
    }
  };
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(resource)) if (keep(key)) out[key] = value;
  const meta = (typeof out.meta === 'object' && out.meta !== null ? out.meta : {}) as Record<string, unknown>;
  const tags = Array.isArray(meta.tag) ? (meta.tag as unknown[]) : [];
  out.meta = { ...meta, tag: [...tags, subsetted] };
  return JSON.stringify(out);
}

/** valueQuantity → value[x]'s base "value", so `_elements=value` keeps whichever choice is present. */
function choiceBase(element: string): string {
  const match = /^([a-z][A-Za-z]*?)[A-Z][A-Za-z]*$/.exec(element);
  return match?.[1] ?? element;
}
