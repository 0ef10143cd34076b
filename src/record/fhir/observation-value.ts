import { type JsonObject, conceptText, isObject, list, obj, str } from './fhir-json.js';

/**
 * The value of an Observation as a person reads it ("120 mm[Hg]", "Positive", "107/60 mmHg"), or
 * undefined when it has none (e.g. a panel whose results are separate Observations).
 */
export function observationValue(observation: JsonObject): string | undefined {
  const own = valueText(observation);
  if (own !== undefined) return own;
  const components = list(observation, 'component');
  if (components.length === 0) return undefined;
  // Blood pressure and the like: "107/60 mmHg" when every part is a number in the same unit.
  const numbers: string[] = [];
  let unit: string | undefined;
  let sameUnit = true;
  for (const component of components) {
    const quantity = isObject(component) ? obj(component, 'valueQuantity') : undefined;
    const value = quantity?.value;
    if (typeof value !== 'number') {
      sameUnit = false;
      break;
    }
    const thisUnit = unitOf(quantity);
    if (numbers.length > 0 && thisUnit !== unit) sameUnit = false;
    unit = thisUnit;
    numbers.push(String(value));
  }
  if (sameUnit && numbers.length > 0) return withUnit(numbers.join('/'), unit);
  const parts: string[] = [];
  for (const component of components) {
    if (!isObject(component)) continue;
    const value = valueText(component);
    if (value === undefined) continue;
    const name = conceptText(obj(component, 'code'));
    parts.push(name === undefined ? value : `${name} ${value}`);
  }
  return parts.length > 0 ? parts.join('; ') : undefined;
}

/** The value[x] of an Observation or one of its components. */
function valueText(holder: JsonObject): string | undefined {
  const quantity = obj(holder, 'valueQuantity');
  if (quantity !== undefined) return quantityText(quantity);
  const concept = obj(holder, 'valueCodeableConcept');
  if (concept !== undefined) return conceptText(concept);
  const text = str(holder, 'valueString') ?? str(holder, 'valueDateTime') ?? str(holder, 'valueTime');
  if (text !== undefined) return text;
  const { valueInteger, valueBoolean } = holder;
  if (typeof valueInteger === 'number') return String(valueInteger);
  if (typeof valueBoolean === 'boolean') return valueBoolean ? 'yes' : 'no';
  const range = obj(holder, 'valueRange');
  if (range !== undefined) return rangeText(range);
  const ratio = obj(holder, 'valueRatio');
  if (ratio !== undefined) {
    const numerator = quantityText(obj(ratio, 'numerator'));
    const denominator = quantityText(obj(ratio, 'denominator'));
    if (numerator !== undefined && denominator !== undefined) return `${numerator} / ${denominator}`;
  }
  const period = obj(holder, 'valuePeriod');
  if (period !== undefined) return rangeOf(str(period, 'start'), str(period, 'end'));
  return undefined;
}

function quantityText(quantity: JsonObject | undefined): string | undefined {
  const value = quantity?.value;
  if (typeof value !== 'number') return undefined;
  const comparator = str(quantity, 'comparator') ?? '';
  return withUnit(`${comparator}${String(value)}`, unitOf(quantity));
}

function rangeText(range: JsonObject): string | undefined {
  const low = obj(range, 'low');
  const high = obj(range, 'high');
  const lowValue = low?.value;
  const highValue = high?.value;
  const unit = unitOf(high) ?? unitOf(low);
  const text = rangeOf(typeof lowValue === 'number' ? String(lowValue) : undefined, typeof highValue === 'number' ? String(highValue) : undefined);
  return text === undefined ? undefined : withUnit(text, unit);
}

function rangeOf(low: string | undefined, high: string | undefined): string | undefined {
  if (low !== undefined && high !== undefined) return `${low}–${high}`;
  if (low !== undefined) return `≥${low}`;
  if (high !== undefined) return `≤${high}`;
  return undefined;
}

function unitOf(quantity: JsonObject | undefined): string | undefined {
  return str(quantity, 'unit') ?? str(quantity, 'code');
}

function withUnit(value: string, unit: string | undefined): string {
  return unit === undefined || unit === '' ? value : `${value} ${unit}`;
}
