/**
 * Validation of a FHIR R4 resource as a client sends it (create, update, each entry of a batch or
 * transaction) against the R4 StructureDefinitions, following the JSON representation rules
 * (http://hl7.org/fhir/R4/json.html): known elements only, JSON types, primitive formats,
 * cardinality, choice types, required bindings, and contained and entry resources of any type.
 * Invariants (FHIRPath constraints) are not checked. Pure: no HTTP, no database.
 */
import { nhsNumberProblem } from './nhs-number-identifier.js';
import { describe, primitiveProblem, quote } from './primitive-values.js';
import { checkCodings, codeProblem } from './required-bindings.js';
import { type ComplexType, type ElementDefinition, type Property, type Structures, structures } from './structures.js';

/** One problem, as an OperationOutcome issue: type code from http://hl7.org/fhir/R4/valueset-issue-type.html. */
export interface ValidationIssue {
  severity: 'error' | 'warning';
  code: 'structure' | 'required' | 'value' | 'code-invalid' | 'invalid' | 'not-supported';
  /** FHIRPath to the element, with indices: "Patient.name[0].given[1]". */
  expression: string;
  /** What is wrong, in plain English: the value seen and what was expected. */
  diagnostics: string;
}

export interface ValidateOptions {
  /** The type the request says it holds (the [type] of PUT [base]/[type]/[id]). */
  expectedType?: string;
}

type JsonObject = Record<string, unknown>;

/** An object still to check against its type; checked from a stack so that depth costs no call stack. */
interface Task {
  readonly value: JsonObject;
  readonly type: ComplexType;
  readonly path: string;
  /** The task that queued this one, to tell a cycle from an object used twice (only when built in code). */
  readonly parent: Task | undefined;
}

/** Enough to tell a client everything useful, and a bound on the work for hostile input. */
const maxIssues = 500;
const maxObjects = 1_000_000;

/** Every issue found in the resource, none when it is valid. Never throws. */
export function validateResource(resource: unknown, options: ValidateOptions = {}): ValidationIssue[] {
  const check = new Check(structures());
  try {
    check.resource(resource, undefined, options.expectedType);
    check.run();
  } catch (error) {
    // Only input that is not parsed JSON (a getter that throws, a Proxy) can get here.
    check.issue('invalid', options.expectedType ?? 'Resource', `The resource could not be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  return check.issues;
}

class Check {
  readonly issues: ValidationIssue[] = [];
  private readonly stack: Task[] = [];
  private objects = 0;
  private stopped = false;
  /** Objects queued so far: parsed JSON never repeats one, so only a repeat needs the cycle check. */
  private readonly seen = new Set<object>();
  private current: Task | undefined;
  private readonly elementType: ComplexType | undefined;
  private readonly identifierType: ComplexType | undefined;

  constructor(private readonly all: Structures) {
    this.elementType = all.datatypes.get('Element');
    this.identifierType = all.datatypes.get('Identifier');
  }

  private readonly reportCode = (expression: string, diagnostics: string): void => {
    this.issue('code-invalid', expression, diagnostics);
  };

  issue(code: ValidationIssue['code'], expression: string, diagnostics: string): void {
    if (this.stopped) return;
    this.issues.push({ severity: 'error', code, expression, diagnostics });
    if (this.issues.length >= maxIssues) this.stop(expression, `Stopped after ${maxIssues} issues; there may be more`);
  }

  private stop(expression: string, diagnostics: string): void {
    this.issues.push({ severity: 'error', code: 'invalid', expression, diagnostics });
    this.stopped = true;
  }

  run(): void {
    for (let task = this.stack.pop(); task !== undefined && !this.stopped; task = this.stack.pop()) {
      if (++this.objects > maxObjects) this.stop(task.path, `Stopped after ${maxObjects} objects: the resource is too large to check`);
      else {
        this.current = task;
        this.object(task);
      }
    }
  }

  /** Queues an object unless it contains itself, which no JSON can (the value was built in code). */
  private queue(pending: Task[], value: JsonObject, type: ComplexType, path: string): void {
    const parent = this.current;
    if (this.seen.has(value)) {
      for (let at = parent; at !== undefined; at = at.parent) {
        if (at.value === value) {
          this.issue('structure', path, 'This object contains itself: a cycle, which JSON cannot hold');
          return;
        }
      }
    } else this.seen.add(value);
    pending.push({ value, type, path, parent });
  }

  /** A resource at path (the root when path is undefined), queued to be checked as its own type. */
  resource(value: unknown, path: string | undefined, expectedType?: string, pending: Task[] = this.stack): void {
    const at = path ?? expectedType ?? 'Resource';
    if (!isObject(value)) {
      this.issue('structure', at, `Expected a FHIR resource (a JSON object with a resourceType), got ${describe(value)}`);
      return;
    }
    const resourceType = Object.hasOwn(value, 'resourceType') ? value.resourceType : undefined;
    if (typeof resourceType !== 'string') {
      const got = resourceType === undefined ? 'none' : describe(resourceType);
      this.issue('structure', at, `A resource needs its type as a string in resourceType; got ${got}`);
      return;
    }
    const type = this.all.resources.get(resourceType);
    if (type === undefined) {
      this.issue('not-supported', at, unknownTypeMessage(resourceType, this.all));
      return;
    }
    if (expectedType !== undefined && resourceType !== expectedType) {
      this.issue('invalid', at, `Expected a ${expectedType} resource, got resourceType ${quote(resourceType)}`);
    }
    this.queue(pending, value, type, path ?? resourceType);
  }

  /** One object against its type: its properties, then what must be there; nested objects are queued. */
  private object({ value, type, path }: Task): void {
    const keys = Object.keys(value);
    if (keys.length === 0) this.issue('structure', path, `An empty object is not allowed (${type.name}): leave the element out instead`);
    const pending: Task[] = [];
    let choices: Map<ElementDefinition, string> | undefined;
    for (const key of keys) {
      if (type.resource && key === 'resourceType') continue;
      const extension = key.charCodeAt(0) === 95; // "_name": the id and extensions of a primitive
      const name = extension ? key.slice(1) : key;
      const property = type.properties.get(name);
      if (property === undefined || (extension && property.primitive === undefined)) {
        this.issue('structure', `${path}.${key}`, this.unknownMessage(type, key, property !== undefined));
        continue;
      }
      const element = property.element;
      if (element.choice) {
        choices ??= new Map();
        const seen = choices.get(element);
        if (seen === undefined) choices.set(element, name);
        else if (seen !== name) {
          this.issue('structure', `${path}.${name}`, `${element.name}[x] takes one value of one type; found both ${seen} and ${name}`);
        }
      }
      if (property.primitive !== undefined) {
        // The value and its "_" twin are checked together, once.
        if (!extension || !Object.hasOwn(value, name)) this.primitive(value, name, property, `${path}.${name}`, pending);
      } else this.complex(value[key], property, `${path}.${name}`, pending);
    }
    for (const element of type.required) {
      if (!isPresent(value, element)) {
        const what = element.choice ? `${element.name}[x] (one of ${element.jsonNames.join(', ')})` : element.name;
        this.issue('required', `${path}.${element.name}`, `${type.name}.${what} is required (at least ${element.min}) but missing`);
      }
    }
    if (type === this.identifierType) {
      const problem = nhsNumberProblem(value);
      if (problem !== undefined) this.issue(problem.code, `${path}.value`, problem.diagnostics);
    }
    for (let i = pending.length - 1; i >= 0; i--) this.stack.push(pending[i] as Task);
  }

  /** A complex element: one object, or an array of them when it repeats. */
  private complex(value: unknown, property: Property, path: string, pending: Task[]): void {
    const element = property.element;
    if (element.max > 1) {
      if (!Array.isArray(value)) {
        this.issue('structure', path, `${element.name} repeats (${cardinality(element)}): expected an array, even of one, got ${describe(value)}`);
        this.item(value, property, path, pending);
        return;
      }
      if (!this.arrayCount(value.length, element, path)) return;
      for (let i = 0; i < value.length; i++) this.item(value[i], property, `${path}[${i}]`, pending);
    } else if (Array.isArray(value)) {
      this.issue('structure', path, `${element.name} takes one value (${cardinality(element)}), not an array`);
    } else this.item(value, property, path, pending);
  }

  private item(value: unknown, property: Property, path: string, pending: Task[]): void {
    const element = property.element;
    if (property.type === 'Resource' && element.content === undefined) {
      this.resource(value, path, undefined, pending);
      return;
    }
    const type = element.content ?? this.all.datatypes.get(property.type);
    if (type === undefined) return;
    if (!isObject(value)) {
      const why = value === null ? ': null is allowed only as a placeholder in an array of primitives' : '';
      this.issue('structure', path, `Expected an object (${property.type}), got ${describe(value)}${why}`);
      return;
    }
    if (element.codes !== undefined) checkCodings(value, property.type, element.codes, path, this.reportCode);
    this.queue(pending, value, type, path);
  }

  /** A primitive element: its value (a JSON string, number or boolean) and its "_" object of id and extensions. */
  private primitive(owner: JsonObject, name: string, property: Property, path: string, pending: Task[]): void {
    const element = property.element;
    const value = Object.hasOwn(owner, name) ? owner[name] : undefined;
    const extensionKey = `_${name}`;
    const extension = Object.hasOwn(owner, extensionKey) ? owner[extensionKey] : undefined;
    if (element.max <= 1) {
      if (Array.isArray(value) || Array.isArray(extension)) {
        this.issue('structure', path, `${element.name} takes one value (${cardinality(element)}), not an array`);
        return;
      }
      if (value !== undefined) this.primitiveValue(value, property, path, value === null);
      if (extension !== undefined) this.extensionObject(extension, path, pending);
      return;
    }
    const values = value === undefined ? [] : value;
    const extensions = extension === undefined ? [] : extension;
    if (!Array.isArray(values) || !Array.isArray(extensions)) {
      const wrong = Array.isArray(values) ? extension : value;
      this.issue('structure', path, `${element.name} repeats (${cardinality(element)}): expected an array, even of one, got ${describe(wrong)}`);
      return;
    }
    if (value !== undefined && extension !== undefined && values.length !== extensions.length) {
      this.issue('structure', path, `${name} has ${values.length} values but ${extensionKey} has ${extensions.length}: the arrays must line up, with null for a missing one`);
    }
    const count = Math.max(values.length, extensions.length);
    if (!this.arrayCount(count, element, path)) return;
    for (let i = 0; i < count; i++) {
      const item: unknown = values[i];
      const itemExtension: unknown = extensions[i];
      const noExtension = itemExtension === null || itemExtension === undefined;
      if (item !== null && item !== undefined) this.primitiveValue(item, property, `${path}[${i}]`, false);
      else if (noExtension) this.issue('structure', `${path}[${i}]`, `${name}[${i}] has neither a value nor an extension: null is only a placeholder`);
      if (!noExtension) this.extensionObject(itemExtension, `${path}[${i}]`, pending);
    }
  }

  private primitiveValue(value: unknown, property: Property, path: string, isNull: boolean): void {
    const type = property.primitive;
    if (type === undefined) return;
    if (isNull) {
      this.issue('structure', path, `null is not allowed for ${element(property)}: leave it out instead`);
      return;
    }
    const problem = primitiveProblem(value, type);
    if (problem !== undefined) this.issue(problem.code, path, problem.diagnostics);
    else if (property.type === 'code' && property.element.codes !== undefined && typeof value === 'string') {
      const wrong = codeProblem(value, property.element.codes);
      if (wrong !== undefined) this.issue('code-invalid', path, wrong);
    }
  }

  /** The "_name" object of a primitive: id and extension only (checked as Element). */
  private extensionObject(value: unknown, path: string, pending: Task[]): void {
    if (!isObject(value)) {
      this.issue('structure', path, `The "_" object of a primitive holds its id and extensions; got ${describe(value)}`);
      return;
    }
    if (this.elementType !== undefined) this.queue(pending, value, this.elementType, path);
  }

  /** False (with an issue) when an array is empty or longer than the element allows. */
  private arrayCount(count: number, element: ElementDefinition, path: string): boolean {
    if (count === 0) {
      this.issue('structure', path, `An empty array is not allowed (${element.name}): leave the element out instead`);
      return false;
    }
    if (count > element.max) this.issue('structure', path, `${element.name} allows at most ${element.max} (${cardinality(element)}), got ${count}`);
    return true;
  }

  private unknownMessage(type: ComplexType, key: string, complexWithExtension: boolean): string {
    if (complexWithExtension) return `"${key}" is not allowed: only a primitive element has a "_" twin for its extensions`;
    if (type === this.elementType) return `"${key}" is not allowed in the "_" object of a primitive: it holds only id and extension`;
    const near = type.lowerCaseNames.get(key.toLowerCase());
    const hint = near === undefined ? '' : `; did you mean "${near}"?`;
    return `Unknown element ${quote(key)}: ${type.name} has no element of that name in FHIR R4${hint}`;
  }
}

function element(property: Property): string {
  return `${property.element.name} (${property.type})`;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isPresent(value: JsonObject, element: ElementDefinition): boolean {
  for (const name of element.jsonNames) if (Object.hasOwn(value, name) || Object.hasOwn(value, `_${name}`)) return true;
  return false;
}

function cardinality(element: ElementDefinition): string {
  return `${element.min}..${element.max === Infinity ? '*' : element.max}`;
}

function unknownTypeMessage(resourceType: string, all: Structures): string {
  if (all.datatypes.has(resourceType) || all.primitives.has(resourceType)) {
    return `${quote(resourceType)} is a FHIR datatype, not a resource type`;
  }
  const near = [...all.resourceTypes].find((t) => t.toLowerCase() === resourceType.toLowerCase());
  const hint = near === undefined ? '' : `; did you mean "${near}"?`;
  return `Unknown resource type ${quote(resourceType)}: not a FHIR R4 resource type${hint}`;
}
