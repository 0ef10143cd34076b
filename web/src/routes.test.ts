import { describe, expect, it } from 'vitest';
import { caseFindingPath, importPath, normalisePath, personPath, type Route, routeFor } from './routes.js';

describe('routeFor', () => {
  it.each<[string, Route]>([
    ['/', { page: 'installation' }],
    ['/people', { page: 'people' }],
    ['/people/', { page: 'people' }],
    ['/people/3f2a9c', { page: 'person', id: '3f2a9c' }],
    ['/people/3f2a9c/', { page: 'person', id: '3f2a9c' }],
    ['/people/a%20b', { page: 'person', id: 'a b' }],
    ['/people/%E0%A4%A', { page: 'not-found' }],
    ['/people/1/timeline', { page: 'not-found' }],
    ['/people/7/access-log', { page: 'person-access-log', id: '7' }],
    ['/people/7/consent/', { page: 'person-consent', id: '7' }],
    ['/people/7/carers', { page: 'person-carers', id: '7' }],
    ['/people/7/care-team', { page: 'person-care-team', id: '7' }],
    ['/analytics', { page: 'analytics' }],
    ['/case-finding', { page: 'case-finding' }],
    ['/case-finding/', { page: 'case-finding' }],
    ['/my-record', { page: 'my-record' }],
    ['/emergency-access', { page: 'emergency-access' }],
    ['/ig/emergency-access', { page: 'ig-emergency-access' }],
    ['/ig/audit', { page: 'ig-audit' }],
    ['/imports', { page: 'imports' }],
    ['/fhir-api', { page: 'fhir-api' }],
    ['/linkage-review', { page: 'linkage-review' }],
    ['/sign-in', { page: 'sign-in' }],
    ['/oauth/approve', { page: 'oauth-approve' }],
    ['/imports/42', { page: 'import', id: '42' }],
    ['/account', { page: 'account' }],
    ['/no-such-page', { page: 'not-found' }],
  ])('takes %s to %j', (path, route) => {
    expect(routeFor(path)).toEqual(route);
  });
});

describe('normalisePath', () => {
  it('drops trailing slashes but keeps the root', () => {
    expect(normalisePath('/people//')).toBe('/people');
    expect(normalisePath('/')).toBe('/');
  });
});

describe('personPath and importPath', () => {
  it('encode the id so any id makes one path segment that routes back to it', () => {
    expect(personPath('a/b c')).toBe('/people/a%2Fb%20c');
    expect(routeFor(personPath('a/b c'))).toEqual({ page: 'person', id: 'a/b c' });
    expect(routeFor(importPath('7'))).toEqual({ page: 'import', id: '7' });
  });
});

describe('caseFindingPath', () => {
  it('names the practice and the list shown, the list itself by default', () => {
    expect(caseFindingPath('Z90001')).toBe('/case-finding?practice=Z90001');
    expect(caseFindingPath('A B&C', 'enrolled')).toBe('/case-finding?practice=A+B%26C&show=enrolled');
    expect(routeFor(caseFindingPath('Z90001', 'excluded').split('?')[0] ?? '')).toEqual({ page: 'case-finding' });
  });
});
