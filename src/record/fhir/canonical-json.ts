import { createHash } from 'node:crypto';

/**
 * JSON with object keys in code-unit order and no spaces, so that the same content always gives
 * the same text whatever order a sender wrote its keys in.
 */
export function canonicalJson(value: unknown): string {
  const parts: string[] = [];
  write(value, parts);
  return parts.join('');
}

function write(value: unknown, parts: string[]): void {
  if (Array.isArray(value)) {
    parts.push('[');
    for (let i = 0; i < value.length; i++) {
      if (i > 0) parts.push(',');
      write(value[i], parts);
    }
    parts.push(']');
    return;
  }
  if (typeof value === 'object' && value !== null) {
    const object = value as Record<string, unknown>;
    const keys = Object.keys(object).sort();
    parts.push('{');
    let written = 0;
    for (const key of keys) {
      const item = object[key];
      if (item === undefined) continue;
      if (written++ > 0) parts.push(',');
      parts.push(JSON.stringify(key), ':');
      write(item, parts);
    }
    parts.push('}');
    return;
  }
  parts.push(JSON.stringify(value));
}

/** SHA-256 (hex) of the canonical JSON: a key for content that came with no id of its own. */
export function contentHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}
