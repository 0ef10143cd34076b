/**
 * A pooled fund as a document (`joinedup finance fund --input fund.json`, docs/finance/pooled-fund.md):
 * its shape checked with TypeBox, every problem with its JSON Pointer, before defineFund checks what
 * refers to what (streams to partners, schemes to streams, the risk-share rule).
 */
import { Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { IsoDate } from '../platform/index.js';
import { financeError } from './errors.js';
import type { FundDefinition } from './fund.js';

const Id = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$' });
const Name = Type.String({ minLength: 1, maxLength: 200 });
const Pence = Type.Integer({ minimum: 0 });

export const FundDocument = Type.Object({
  id: Id,
  name: Name,
  financialYear: Type.String({ pattern: '^[0-9]{4}-[0-9]{2}$' }),
  startDate: IsoDate,
  endDate: IsoDate,
  hostPartnerId: Type.Union([Id, Type.Null()]),
  partners: Type.Array(Type.Object({ id: Id, name: Name, kind: Type.Union([Type.Literal('icb'), Type.Literal('council')]) }, { additionalProperties: false }), { minItems: 1 }),
  streams: Type.Array(Type.Object({
    id: Id, name: Name, partnerId: Id, amountPence: Pence,
    kind: Type.Union(['nhs_minimum', 'dfg', 'la_better_care_grant', 'discharge', 'additional'].map((k) => Type.Literal(k))),
  }, { additionalProperties: false }), { minItems: 1 }),
  schemes: Type.Array(Type.Object({
    id: Id, name: Name,
    funding: Type.Array(Type.Object({ streamId: Id, amountPence: Pence }, { additionalProperties: false }), { minItems: 1 }),
  }, { additionalProperties: false }), { minItems: 1 }),
  riskShare: Type.Optional(Type.Object({ effectiveFrom: IsoDate, rule: Type.Unknown(), description: Name }, { additionalProperties: false })),
}, { additionalProperties: false });

/** The fund the document describes, or finance_input_invalid with every problem in its shape. */
export function fundDefinitionOf(document: unknown): FundDefinition {
  // The risk-share rule's own shape, and what refers to what, are defineFund's to check.
  if (Value.Check(FundDocument, document)) return document as FundDefinition;
  const problems = [...Value.Errors(FundDocument, document)].slice(0, 50).map((e) => ({ where: 'document', path: e.path === '' ? '/' : e.path, message: e.message }));
  throw financeError('finance_input_invalid', `The fund document has ${problems.length} problem(s); nothing was recorded.`, problems);
}
