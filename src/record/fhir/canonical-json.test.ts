import { describe, expect, it } from 'vitest';
import { canonicalJson, contentHash } from './canonical-json.js';

describe('canonical JSON', () => {
  it.each([
    [{ b: 1, a: [3, { d: null, c: 'x' }] }, '{"a":[3,{"c":"x","d":null}],"b":1}'],
    [{ 'é': true, Z: false, a: 'line\nbreak "quoted"' }, '{"Z":false,"a":"line\\nbreak \\"quoted\\"","é":true}'],
    [[], '[]'],
    [{}, '{}'],
    ['text', '"text"'],
    [1.5, '1.5'],
  ])('of %j is %s', (value, text) => {
    expect(canonicalJson(value)).toBe(text);
  });

  it('hashes the same content the same whatever the key order', () => {
    const one = contentHash({ resourceType: 'Basic', code: { text: 'x', coding: [] } });
    const two = contentHash({ code: { coding: [], text: 'x' }, resourceType: 'Basic' });
    expect(one).toBe(two);
    expect(one).toMatch(/^[0-9a-f]{64}$/);
    expect(contentHash({ resourceType: 'Basic', code: { text: 'y', coding: [] } })).not.toBe(one);
  });
});
