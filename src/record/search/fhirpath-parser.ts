/**
 * Parsing the FHIRPath subset the search parameter expressions use (see fhirpath.ts for the forms):
 * anything outside it is refused here, naming what, so the generator of the definitions reports it.
 */

export class FhirPathError extends Error {
  override readonly name = 'FhirPathError';
}

export type FhirPathNode =
  | { k: 'this' }
  | { k: 'member'; base: FhirPathNode; name: string }
  | { k: 'as' | 'is'; base: FhirPathNode; type: string }
  | { k: 'where'; base: FhirPathNode; criteria: FhirPathNode }
  | { k: 'exists' | 'resolve'; base: FhirPathNode }
  | { k: 'union'; parts: FhirPathNode[] }
  | { k: 'and' | 'eq' | 'ne'; left: FhirPathNode; right: FhirPathNode }
  | { k: 'literal'; value: string | boolean };

const tokenPattern = /\s*(?:([A-Za-z_][A-Za-z0-9_]*)|'((?:[^'\\]|\\.)*)'|(!=|[.()|=,]))/y;

interface Token {
  kind: 'name' | 'string' | 'op';
  text: string;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  tokenPattern.lastIndex = 0;
  while (tokenPattern.lastIndex < text.length) {
    if (/^\s*$/.test(text.slice(tokenPattern.lastIndex))) break;
    const at = tokenPattern.lastIndex;
    const match = tokenPattern.exec(text);
    if (match === null) throw new FhirPathError(`unsupported syntax at ${at} in ${text}`);
    if (match[1] !== undefined) tokens.push({ kind: 'name', text: match[1] });
    else if (match[2] !== undefined) tokens.push({ kind: 'string', text: match[2].replace(/\\(.)/g, '$1') });
    else tokens.push({ kind: 'op', text: match[3] ?? '' });
  }
  return tokens;
}

/** Parses an expression of the supported subset; throws FhirPathError naming what is not supported. */
export function parseFhirPath(text: string): FhirPathNode {
  const tokens = tokenize(text);
  let at = 0;
  const peek = (): Token | undefined => tokens[at];
  const isOp = (op: string): boolean => peek()?.kind === 'op' && peek()?.text === op;
  const isWord = (word: string): boolean => peek()?.kind === 'name' && peek()?.text === word;
  const expect = (op: string): void => {
    if (!isOp(op)) throw new FhirPathError(`expected '${op}' at token ${at} in ${text}`);
    at++;
  };
  const typeName = (): string => {
    const token = peek();
    if (token?.kind !== 'name') throw new FhirPathError(`expected a type name in ${text}`);
    at++;
    // A qualified name (FHIR.Quantity, System.String) names the same type for our purposes.
    const next = tokens[at + 1];
    if ((token.text === 'FHIR' || token.text === 'System') && isOp('.') && next?.kind === 'name') {
      at += 2;
      return next.text;
    }
    return token.text;
  };

  const andExpr = (): FhirPathNode => {
    let left = equality();
    while (isWord('and')) {
      at++;
      left = { k: 'and', left, right: equality() };
    }
    return left;
  };
  const equality = (): FhirPathNode => {
    const left = union();
    if (isOp('=') || isOp('!=')) {
      const k = peek()?.text === '=' ? 'eq' : 'ne';
      at++;
      return { k, left, right: union() };
    }
    return left;
  };
  const union = (): FhirPathNode => {
    const parts = [typeExpr()];
    while (isOp('|')) {
      at++;
      parts.push(typeExpr());
    }
    return parts.length === 1 ? (parts[0] as FhirPathNode) : { k: 'union', parts };
  };
  const typeExpr = (): FhirPathNode => {
    const base = term();
    if (isWord('as') || isWord('is')) {
      const k = peek()?.text === 'as' ? 'as' : 'is';
      at++;
      return { k, base, type: typeName() };
    }
    return base;
  };
  const term = (): FhirPathNode => {
    let node = invocation({ k: 'this' }, true);
    while (isOp('.')) {
      at++;
      node = invocation(node, false);
    }
    return node;
  };
  const invocation = (base: FhirPathNode, first: boolean): FhirPathNode => {
    const token = peek();
    if (first && isOp('(')) {
      at++;
      const inner = andExpr();
      expect(')');
      return inner;
    }
    if (first && token?.kind === 'string') {
      at++;
      return { k: 'literal', value: token.text };
    }
    if (token?.kind !== 'name') throw new FhirPathError(`unsupported syntax at token ${at} in ${text}`);
    at++;
    if (first && (token.text === 'true' || token.text === 'false')) return { k: 'literal', value: token.text === 'true' };
    if (!isOp('(')) return { k: 'member', base, name: token.text };
    at++;
    return call(base, token.text);
  };
  const call = (base: FhirPathNode, fn: string): FhirPathNode => {
    let node: FhirPathNode;
    switch (fn) {
      case 'as':
      case 'ofType':
        node = { k: 'as', base, type: typeName() };
        break;
      case 'where':
        node = { k: 'where', base, criteria: andExpr() };
        break;
      case 'exists':
      case 'resolve':
        node = { k: fn, base };
        break;
      default:
        throw new FhirPathError(`unsupported function ${fn}() in ${text}`);
    }
    expect(')');
    return node;
  };

  const node = andExpr();
  if (at !== tokens.length) throw new FhirPathError(`unsupported syntax at token ${at} in ${text}`);
  return node;
}
