/**
 * The patients and people files (hospital/patients.csv, community/patients.csv, council/people.csv):
 * each row is one source's copy of a person's demographics, kept as identity facts for the person index.
 */
import type { IdentityFacts, MapResult, NormalisedRecord } from '../model.js';
import type { RowContext } from './row-context.js';

const spaces = /\s+/;

/** Given names: the forename, then each middle name. */
function givenNames(forename: string, middle: string): string[] {
  const names = forename === '' ? [] : [forename];
  if (middle !== '') for (const name of middle.split(spaces)) if (name !== '') names.push(name);
  return names;
}

/** A patients or people row as a record of `resourceType`, keyed by its `idColumn`. */
export function mapIdentityRow(ctx: RowContext, resourceType: string, idColumn: string): MapResult {
  const sourceKey = ctx.required(idColumn, 'identifier of the person in this source');
  const identity: IdentityFacts = {};
  const nhsNumber = ctx.nhsNumber('nhs_number');
  if (nhsNumber !== undefined) identity.nhsNumber = nhsNumber;
  const family = ctx.get('surname');
  if (family !== '') identity.family = family;
  const given = givenNames(ctx.get('forename'), ctx.get('middle_name'));
  if (given.length > 0) identity.given = given;
  const birthDate = ctx.date('date_of_birth', true);
  if (birthDate !== undefined) identity.birthDate = birthDate;
  const sex = ctx.sex('sex');
  if (sex !== undefined) identity.sex = sex;
  const addressLine = ctx.get('address_line1');
  if (addressLine !== '') identity.addressLine = addressLine;
  const town = ctx.get('town');
  if (town !== '') identity.town = town;
  const postcode = ctx.get('postcode');
  if (postcode !== '') identity.postcode = postcode;
  const phone = ctx.get('phone');
  if (phone !== '') identity.phone = phone;
  const deceased = deathDate(ctx, 'date_of_death', birthDate);
  if (deceased !== undefined) identity.deceased = deceased;
  if (ctx.rejected) return { records: [], issues: ctx.issues };
  const record: NormalisedRecord = { resourceType, sourceKey, identity, payload: ctx.row };
  return { records: [record], issues: ctx.issues };
}

/** The date of death, left out (with an "impossible-date" issue) when malformed or before the birth. */
export function deathDate(ctx: RowContext, column: string, birthDate: string | undefined): string | undefined {
  const deceased = ctx.date(column, false);
  if (deceased !== undefined && birthDate !== undefined && deceased < birthDate) {
    ctx.issue('impossible-date', column, `${column} ${deceased} is before the date of birth ${birthDate} and was left out.`, false);
    return undefined;
  }
  return deceased;
}
