import { describe, expect, it } from 'vitest';
import { returnPath } from './session.js';

describe('returnPath', () => {
  it.each([
    ['?return=%2Flinkage-review', '/linkage-review'],
    ['?next=%2Foauth%2Fauthorize%3Fclient_id%3Dcare-notes%26state%3Dx', '/oauth/authorize?client_id=care-notes&state=x'],
    ['?return=%2Fpeople&next=%2Fimports', '/people'],
    ['', '/'],
    ['?next=https%3A%2F%2Fattacker.example%2F', '/'],
    ['?next=%2F%2Fattacker.example%2F', '/'],
    ['?next=%2F%5Cattacker.example%2F', '/'],
  ])('%s returns to %s (this site only)', (search, path) => {
    expect(returnPath(search)).toBe(path);
  });
});
