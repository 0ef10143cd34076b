/**
 * One CSV row of a known kind into the records it gives and the data quality issues found in it.
 * Pure: no database and no I/O, so an import, a preview and a test all call the same function.
 */
import type { MapResult } from '../model.js';
import { mapCldRow } from './cld-rows.js';
import type { CsvRow } from './columns.js';
import { mapCommunityContactRow } from './community-rows.js';
import { mapAeRow, mapOutpatientRow, mapSpellRow } from './hospital-rows.js';
import { mapIdentityRow } from './identity-rows.js';
import type { CsvKind } from './kinds.js';
import { RowContext, type RowPlace } from './row-context.js';

/**
 * The records one row gives (none when rejected; a CLD row gives its event and the council person it
 * is about) and every issue found in it, located by file, line and column. `row` maps the file's own
 * header names to the row's text; names are matched without regard to case or NHS England's spellings.
 */
export function mapCsvRow(kind: CsvKind, row: CsvRow, where: RowPlace): MapResult {
  const ctx = new RowContext(row, where);
  switch (kind) {
    case 'hospital-patients':
      return mapIdentityRow(ctx, 'PasPatient', 'local_id');
    case 'community-patients':
      return mapIdentityRow(ctx, 'CommunityPatient', 'local_id');
    case 'council-people':
      return mapIdentityRow(ctx, 'CouncilPerson', 'la_person_id');
    case 'hospital-spells':
      return mapSpellRow(ctx);
    case 'hospital-ae':
      return mapAeRow(ctx);
    case 'hospital-outpatients':
      return mapOutpatientRow(ctx);
    case 'community-contacts':
      return mapCommunityContactRow(ctx);
    case 'cld':
      return mapCldRow(ctx);
  }
}
