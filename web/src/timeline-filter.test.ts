import { describe, expect, it } from 'vitest';
import { parseTimelineFilter, timelineFilterQuery, toggled } from './timeline-filter.js';

describe('parseTimelineFilter', () => {
  it.each([
    ['', { sources: [], kinds: [] }],
    ['?source=gp', { sources: ['gp'], kinds: [] }],
    ['?source=gp,hospital&kind=admission', { sources: ['gp', 'hospital'], kinds: ['admission'] }],
    ['?source=gp%2Chospital', { sources: ['gp', 'hospital'], kinds: [] }],
    ['?source=gp&source=council,gp', { sources: ['gp', 'council'], kinds: [] }],
    ['?source=,&kind= gp-contact ,', { sources: [], kinds: ['gp-contact'] }],
    ['?q=unrelated', { sources: [], kinds: [] }],
  ])('reads %s', (search, filter) => {
    expect(parseTimelineFilter(search)).toEqual(filter);
  });
});

describe('timelineFilterQuery', () => {
  it('writes nothing for no filter, and sources then kinds otherwise', () => {
    expect(timelineFilterQuery({ sources: [], kinds: [] })).toBe('');
    expect(timelineFilterQuery({ sources: ['gp'], kinds: [] })).toBe('?source=gp');
    expect(timelineFilterQuery({ sources: ['gp', 'council'], kinds: ['care-service'] })).toBe('?source=gp,council&kind=care-service');
    expect(timelineFilterQuery({ sources: [], kinds: ['a&b'] })).toBe('?kind=a%26b');
  });

  it('reads back what it writes', () => {
    const filter = { sources: ['gp', 'x,y'], kinds: ['admission', 'a b'] };
    expect(parseTimelineFilter(timelineFilterQuery(filter))).toEqual({ sources: ['gp', 'x', 'y'], kinds: ['admission', 'a b'] });
  });
});

describe('toggled', () => {
  it('adds a value at the end or removes it', () => {
    expect(toggled(['gp'], 'council', true)).toEqual(['gp', 'council']);
    expect(toggled(['gp', 'council'], 'gp', false)).toEqual(['council']);
    expect(toggled(['gp'], 'gp', true)).toEqual(['gp']);
  });
});
