/**
 * The FHIRPath subset that the R4 search parameter expressions of our types use (FHIRPath N1,
 * http://hl7.org/fhirpath/N1/): paths over elements (choice elements `value[x]` appear in JSON as
 * `valueQuantity` and so on), union `|`, `as(T)`, `(x as T)`, `ofType(T)`, `is T`,
 * `where(resolve() is T)`, `where(name = 'literal')`, `exists()`, `=`, `!=` and `and`. Anything else
 * is refused when the expression is parsed, so the generator of the definitions reports it instead of
 * an index silently missing values.
 *
 * An expression is compiled once against the element model (which elements each type has, of which
 * types) so that evaluating it is a walk over the JSON with no look-ups by name.
 */
import { FhirPathError, type FhirPathNode, parseFhirPath } from './fhirpath-parser.js';

export { FhirPathError, type FhirPathNode, parseFhirPath } from './fhirpath-parser.js';

/** One selected element: its JSON value and its type (a backbone element's type is its path). */
export interface Item {
  value: unknown;
  type: string;
  /** For a code with a required binding to a single code system: that system. */
  system?: string | undefined;
}

/** What the compiler needs to know about the element model. */
export interface ElementModel {
  /** The types of `${context}.${name}` (key as in a StructureDefinition, `[x]` for a choice); '#path' is a contentReference. */
  elementTypes(key: string): readonly string[] | undefined;
  /** The single code system a code element's required binding draws on. */
  codeSystem(path: string): string | undefined;
}

/** A compiled expression: evaluate with `select(resource)`; `types` are the types it can select. */
export interface CompiledPath {
  select(resource: unknown): readonly Item[];
  readonly types: readonly string[];
}

interface Step {
  run(input: readonly Item[]): readonly Item[];
  types: readonly string[];
}

const rootType = '$root';
const resolvedType = '$resolved';
const booleanType = 'boolean';
/** Reference types FHIRPath's resolve() could name: a relative or absolute reference ending in Type/id. */
const referenceTarget = /(?:^|\/)([A-Z][A-Za-z]+)\/[A-Za-z0-9.-]{1,64}(?:\/_history\/[A-Za-z0-9.-]{1,64})?$/;

/** The resource type a reference string names, if it names one. */
export function referenceType(reference: unknown): string | undefined {
  if (typeof reference !== 'string') return undefined;
  return referenceTarget.exec(reference)?.[1];
}

const capitalise = (name: string): string => name.charAt(0).toUpperCase() + name.slice(1);

/** Compiles an expression to be evaluated on resources of `resourceType`. */
export function compileFhirPath(expression: string, resourceType: string, model: ElementModel): CompiledPath {
  const step = compile(parseFhirPath(expression), [rootType], resourceType, model, expression);
  return {
    types: step.types,
    select: (resource) => step.run([{ value: resource, type: rootType }]),
  };
}

function compile(node: FhirPathNode, inputTypes: readonly string[], resourceType: string, model: ElementModel, text: string): Step {
  const sub = (n: FhirPathNode, types: readonly string[]): Step => compile(n, types, resourceType, model, text);
  switch (node.k) {
    case 'this':
      return { types: inputTypes, run: (input) => input };
    case 'literal': {
      const item: Item = { value: node.value, type: typeof node.value === 'string' ? 'string' : booleanType };
      return { types: [item.type], run: () => [item] };
    }
    case 'member': {
      const base = sub(node.base, inputTypes);
      if (base.types.length === 1 && base.types[0] === rootType) return root(base, node.name, resourceType, text);
      return member(base, node.name, model, text);
    }
    case 'as': {
      const base = sub(node.base, inputTypes);
      if (!base.types.includes(node.type)) throw new FhirPathError(`${node.type} is never selected before 'as' in ${text}`);
      return { types: [node.type], run: (input) => base.run(input).filter((item) => item.type === node.type) };
    }
    case 'is': {
      const base = sub(node.base, inputTypes);
      return {
        types: [booleanType],
        run: (input) => {
          const items = base.run(input);
          return items.length === 1 ? [{ value: items[0]?.type === node.type, type: booleanType }] : [];
        },
      };
    }
    case 'resolve': {
      const base = sub(node.base, inputTypes);
      if (!base.types.includes('Reference')) throw new FhirPathError(`resolve() on something other than a Reference in ${text}`);
      return {
        types: [resolvedType],
        run: (input) => {
          const out: Item[] = [];
          for (const item of base.run(input)) {
            const type = item.type === 'Reference' ? referenceType((item.value as { reference?: unknown }).reference) : undefined;
            if (type !== undefined) out.push({ value: null, type });
          }
          return out;
        },
      };
    }
    case 'where': {
      const base = sub(node.base, inputTypes);
      const criteria = sub(node.criteria, base.types);
      return {
        types: base.types,
        run: (input) => base.run(input).filter((item) => {
          const result = criteria.run([item]);
          return result.length === 1 && result[0]?.value === true;
        }),
      };
    }
    case 'exists': {
      const base = sub(node.base, inputTypes);
      return { types: [booleanType], run: (input) => [{ value: base.run(input).length > 0, type: booleanType }] };
    }
    case 'union': {
      const parts = node.parts.map((part) => sub(part, inputTypes));
      return {
        types: [...new Set(parts.flatMap((p) => p.types))],
        run: (input) => parts.flatMap((p) => p.run(input)),
      };
    }
    case 'and': {
      const left = sub(node.left, inputTypes);
      const right = sub(node.right, inputTypes);
      return {
        types: [booleanType],
        run: (input) => {
          const l = truth(left.run(input));
          if (l === false) return [{ value: false, type: booleanType }];
          const r = truth(right.run(input));
          if (r === false) return [{ value: false, type: booleanType }];
          return l === true && r === true ? [{ value: true, type: booleanType }] : [];
        },
      };
    }
    case 'eq':
    case 'ne': {
      const left = sub(node.left, inputTypes);
      const right = sub(node.right, inputTypes);
      const negate = node.k === 'ne';
      return {
        types: [booleanType],
        run: (input) => {
          const l = left.run(input);
          const r = right.run(input);
          if (l.length === 0 || r.length === 0) return [];
          const same = l.length === r.length && l.every((item, i) => equal(item.value, r[i]?.value));
          return [{ value: same !== negate, type: booleanType }];
        },
      };
    }
  }
}

/** FHIRPath's singleton evaluation of a collection as a boolean: true, false, or empty (undefined). */
function truth(items: readonly Item[]): boolean | undefined {
  if (items.length !== 1) return undefined;
  const value = items[0]?.value;
  return typeof value === 'boolean' ? value : true;
}

function equal(a: unknown, b: unknown): boolean {
  if (typeof a !== 'object' || typeof b !== 'object') return a === b;
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The type name that starts an expression: the resource's own type, or Resource / DomainResource. */
function root(base: Step, name: string, resourceType: string, text: string): Step {
  if (name !== resourceType && name !== 'Resource' && name !== 'DomainResource') {
    throw new FhirPathError(`expression starts with ${name}, not ${resourceType}, in ${text}`);
  }
  return {
    types: [name],
    run: (input) => base.run(input)
      .filter((item) => (item.value as { resourceType?: unknown } | null)?.resourceType === resourceType)
      .map((item) => ({ value: item.value, type: name })),
  };
}

interface Child {
  key: string;
  type: string;
  system: string | undefined;
}

function children(context: string, name: string, model: ElementModel, text: string): Child[] {
  const path = `${context}.${name}`;
  const types = model.elementTypes(path);
  if (types !== undefined) {
    return types.map((type) => ({
      key: name,
      type: type === 'BackboneElement' || type === 'Element' ? path : type.startsWith('#') ? type.slice(1) : type,
      system: type === 'code' ? model.codeSystem(path) : undefined,
    }));
  }
  const choice = model.elementTypes(`${path}[x]`);
  if (choice !== undefined) return choice.map((type) => ({ key: name + capitalise(type), type, system: undefined }));
  throw new FhirPathError(`no element ${path} in ${text}`);
}

function member(base: Step, name: string, model: ElementModel, text: string): Step {
  const byType = new Map<string, Child[]>();
  for (const type of base.types) byType.set(type, children(type, name, model, text));
  const types = [...new Set([...byType.values()].flat().map((c) => c.type))];
  return {
    types,
    run: (input) => {
      const out: Item[] = [];
      for (const item of base.run(input)) {
        const steps = byType.get(item.type);
        const object = item.value;
        if (steps === undefined || typeof object !== 'object' || object === null) continue;
        for (const child of steps) {
          const value = (object as Record<string, unknown>)[child.key];
          if (value === undefined || value === null) continue;
          if (Array.isArray(value)) {
            for (const element of value as unknown[]) if (element !== null && element !== undefined) out.push({ value: element, type: child.type, system: child.system });
          } else {
            out.push({ value, type: child.type, system: child.system });
          }
        }
      }
      return out;
    },
  };
}
