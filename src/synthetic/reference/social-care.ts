/**
 * Adult social care values in Client Level Data form (DOMAIN.md §3.4, from NHS England's CLD
 * transformation code, 2023-24) and the unit costs used for synthetic services. The CLD
 * Service_Component list was not available to us in full [to verify against the AGEM specification];
 * the components below are the ones the generator uses.
 */
export const routes = {
  discharge: 'Discharge from Hospital',
  community: 'Community/Other route',
} as const;

export const outcomes = {
  toReablement: 'Progress to Reablement/ST-Max',
  toAssessment: 'Progress to Assessment',
  admitted: 'Admitted to Hospital',
  toServices: 'Progress to Support Planning / Services',
  noChange: 'No change in package',
  toReview: 'Progress to Re-assessment / Unplanned Review',
  endedAsPlanned: 'Service ended as planned',
  deceased: 'NFA - Deceased',
  advice: 'NFA - Information & Advice / Signposting only',
  selfFunded: 'NFA - Self-funded client (inc. 12wk disregard)',
  declined: 'NFA - Support declined',
  noServices: 'NFA - No services offered - other reason',
} as const;

export const serviceTypes = {
  stMax: 'Short Term Support: ST-Max',
  community: 'Long Term Support: Community',
  residential: 'Long Term Support: Residential Care',
  nursing: 'Long Term Support: Nursing Care',
  carerDirect: 'Carer Support: Direct to Carer',
} as const;

export const deliveryMechanisms = {
  directPayment: 'Direct Payment',
  managed: 'CASSR Managed Personal Budget',
  commissioned: 'CASSR Commissioned Support',
} as const;

export const primarySupportReasons = {
  personalCare: 'Physical Support: Personal care support',
  mobility: 'Physical Support: Access & mobility only',
  visual: 'Sensory Support: Support for visual impairment',
  hearing: 'Sensory Support: Support for hearing impairment',
  memory: 'Support with Memory & Cognition',
  learningDisability: 'Learning Disability Support',
  mentalHealth: 'Mental Health Support',
  carer: 'Social Support: Support to Carer',
} as const;

/**
 * Unit costs in pence, 2023-24 orders of magnitude (home care about £25–28 an hour; residential
 * about £850–1,000 and nursing about £1,000–1,250 a week; reablement about £30 an hour; a carer's direct payment about £25–60 a week).
 */
export const unitCosts = {
  homeCareHour: [2_500, 2_800],
  reablementHour: [2_900, 3_200],
  residentialWeek: [85_000, 100_000],
  nursingWeek: [100_000, 125_000],
  directPaymentHour: [2_000, 2_400],
  carerPayment: [2_500, 6_000],
} as const;

export const accommodation = {
  owner: 'Owner occupier or shared ownership scheme',
  tenant: 'Tenant',
  privateTenant: 'Tenant - private landlord',
  family: 'Settled mainstream housing with family / friends',
  sheltered: 'Sheltered housing / extra care housing / other sheltered housing',
  careHome: 'Registered care home',
  nursingHome: 'Registered nursing home',
} as const;

export const employment = {
  retired: 'Not in Paid Employment (not actively seeking work / retired)',
  seeking: 'Not in Paid Employment (seeking work)',
  partTime: 'Paid: Less than 16 hours a week',
  fullTime: 'Paid: 16 or more hours a week',
  unknown: 'Unknown',
} as const;
