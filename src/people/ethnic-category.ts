/**
 * UK Core EthnicCategoryEngland (DOMAIN.md §5.1): the NHS Data Dictionary ETHNIC CATEGORY (2001 Census)
 * letters with the code system's displays, as GP systems and FHIR records carry a person's ethnicity.
 */
export const ethnicCategoryDisplays: Readonly<Record<string, string>> = {
  A: 'White - British',
  B: 'White - Irish',
  C: 'White - Any other White background',
  D: 'Mixed - White and Black Caribbean',
  E: 'Mixed - White and Black African',
  F: 'Mixed - White and Asian',
  G: 'Mixed - Any other mixed background',
  H: 'Asian or Asian British - Indian',
  J: 'Asian or Asian British - Pakistani',
  K: 'Asian or Asian British - Bangladeshi',
  L: 'Asian or Asian British - Any other Asian background',
  M: 'Black or Black British - Caribbean',
  N: 'Black or Black British - African',
  P: 'Black or Black British - Any other Black background',
  R: 'Other Ethnic Groups - Chinese',
  S: 'Other Ethnic Groups - Any other ethnic group',
  Z: 'Not stated',
  '99': 'Not known',
};
