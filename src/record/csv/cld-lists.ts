/**
 * The defined lists of Adult Social Care Client Level Data, as NHS England's central transformation
 * code writes them (ASC-Client-Level-Data-SALT-ASCOF-transformations, 2023-24; DOMAIN.md §3.4). Each
 * list is the canonical spelling an import stores; `cld-values.ts` matches councils' variant spellings
 * to these. Lists marked [K] in DOMAIN.md (Service_Component, the full Request_Route_of_Access list)
 * are not here: those columns are taken as written.
 */

/** Whether the event is about the person as a service user or as an unpaid carer. */
export const clientTypes = ['Service User', 'Carer', 'Carer known by association'] as const;

export const eventTypes = ['Request', 'Assessment', 'Service', 'Review'] as const;

export type CldEventType = (typeof eventTypes)[number];

export const serviceTypes = [
  'Short Term Support: ST-Max',
  'Short Term Support: Ongoing Low Level',
  'Short Term Support: Other Short Term',
  'Long Term Support: Nursing Care',
  'Long Term Support: Residential Care',
  'Long Term Support: Community',
  'Long Term Support: Prison',
  'Carer Support: Direct to Carer',
  'Carer Support: Support involving the person cared-for',
] as const;

/** Not mandatory in CLD: may be blank. */
export const deliveryMechanisms = [
  'Direct Payment',
  'CASSR Managed Personal Budget',
  'CASSR Commissioned Support',
] as const;

export const primarySupportReasons = [
  'Physical Support: Access & mobility only',
  'Physical Support: Personal care support',
  'Sensory Support: Support for visual impairment',
  'Sensory Support: Support for hearing impairment',
  'Sensory Support: Support for dual impairment',
  'Support with Memory & Cognition',
  'Learning Disability Support',
  'Mental Health Support',
  'Social Support: Substance misuse support',
  'Social Support: Asylum seeker support',
  'Social Support: Support for Social Isolation/Other',
  'Social Support: Support to Carer',
  'Unknown',
] as const;

/** In NHS England's hierarchy order for de-duplication (DOMAIN.md §3.4). */
export const eventOutcomes = [
  'Progress to Reablement/ST-Max',
  'Progress to Assessment',
  'Admitted to Hospital',
  'Progress to Re-assessment / Unplanned Review',
  'Progress to Support Planning / Services',
  'Progress to End of Life Care',
  'No change in package',
  'Service ended as planned',
  'Progress to financial assessment',
  'Provision of service',
  'NFA - Deceased',
  'NFA - Moved to another LA',
  'NFA - 100% NHS-funded care',
  'NFA - Information & Advice / Signposting only',
  'NFA - Self-funded client (inc. 12wk disregard)',
  'NFA - Support declined',
  'NFA - Support ended – other reason',
  'NFA - No services offered - other reason',
  'NFA- Other',
] as const;

/** Settled accommodation first (the ASCOF 2E numerator), then unsettled. */
export const accommodationStatuses = [
  'Owner occupier or shared ownership scheme',
  'Tenant',
  'Tenant - private landlord',
  'Settled mainstream housing with family / friends',
  'Supported accommodation / supported lodgings / supported group home',
  'Shared Lives scheme',
  'Approved premises for offenders released from prison or under probation supervision',
  'Sheltered housing / extra care housing / other sheltered housing',
  'Mobile accommodation for Gypsy / Roma and Traveller communities',
  'Rough sleeper / squatting',
  'Night shelter / emergency hostel / direct access hostel',
  'Refuge',
  'Placed in temporary accommodation by the council (inc. homelessness resettlement)',
  'Staying with family / friends as a short-term guest',
  'Acute / long-term healthcare residential facility or hospital',
  'Registered care home',
  'Registered nursing home',
  'Prison / Young offenders institution / detention centre',
  'Other temporary accommodation',
  'Unknown',
] as const;

export const employmentStatuses = [
  'Paid: Less than 16 hours a week',
  'Paid: 16 or more hours a week',
  'Paid: Hours per week unknown',
  'Not in Paid Employment (seeking work)',
  'Not in Paid Employment (not actively seeking work / retired)',
  'Not in Paid Employment (voluntary work only)',
  'Unknown',
] as const;

export const hasUnpaidCarerValues = ['Yes', 'No', 'Unknown'] as const;

/** What one unit of Unit_Cost is. The values are those of our own files; the CLD list is [K], to verify. */
export const costFrequencies = ['Hourly', 'Daily', 'Weekly'] as const;
