import { describe, expect, it } from 'vitest';
import { navigationFor } from './app-frame.js';
import type { Session } from './session.js';

const as = (role: string): Session => ({
  signedIn: { accountId: 1, username: role, name: 'Someone', role, roleName: role, organisationId: null }, csrfToken: 'x', personId: null,
});

describe('navigationFor', () => {
  it.each<[string, Session | null, string[]]>([
    ['no one', null, ['FHIR API', 'This installation']],
    ['a GP', as('gp'), ['Find a person', 'Case-finding', 'Emergency access', 'FHIR API', 'This installation']],
    ['a care coordinator', as('care-coordinator'), ['Find a person', 'Case-finding', 'Emergency access', 'Financial assessment', 'Pooled funds', 'FHIR API', 'This installation']],
    ['an occupational therapist', as('occupational-therapist'), ['Find a person', 'Case-finding', 'Emergency access', 'Financial assessment', 'FHIR API', 'This installation']],
    ['a home care worker', as('home-care-provider'), ['Find a person', 'Emergency access', 'FHIR API', 'This installation']],
    ['the IG lead', as('ig-lead'), ['Emergency access reviews', 'Audit trail', 'FHIR API', 'This installation']],
    ['an administrator', as('administrator'), ['Financial assessment', 'Pooled funds', 'Linkage review', 'Imports', 'FHIR API', 'This installation']],
    ['a commissioner', as('commissioner'), ['Pooled funds', 'Population', 'FHIR API', 'This installation']],
    ['the person', as('person'), ['My record', 'FHIR API', 'This installation']],
    ['a carer', as('carer'), ['Find a person', 'FHIR API', 'This installation']],
  ])('offers %s the screens of their role', (_who, session, texts) => {
    expect(navigationFor(session).map((item) => item.text)).toEqual(texts);
  });

  it('counts the emergency accesses waiting for the IG lead', () => {
    expect(navigationFor(as('ig-lead'), 3)[0]).toEqual({ href: '/ig/emergency-access', text: 'Emergency access reviews (3)' });
  });
});
