import { Type, type Static } from '@sinclair/typebox';
import { KeyKindSchema } from './common';

/** POST /v1/admin/crl/refresh — the operator asks the server to reload every CRL source now. */
export const CrlStatusSchema = Type.Object(
  {
    /** Which CA: auth or sign. */
    kind: KeyKindSchema,
    /** Where it was loaded from (file path or URL). */
    source: Type.String(),
    /** RFC 3339 thisUpdate / nextUpdate of the CRL in use, null when none could ever be loaded. */
    thisUpdate: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    nextUpdate: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    /** Why the last refresh of this source failed; absent when it succeeded. */
    error: Type.Optional(Type.String()),
  },
  { $id: 'CrlStatus', additionalProperties: false },
);
export type CrlStatus = Static<typeof CrlStatusSchema>;

export const CrlRefreshResponseSchema = Type.Object(
  { crls: Type.Array(CrlStatusSchema) },
  { $id: 'CrlRefreshResponse', additionalProperties: false },
);
export type CrlRefreshResponse = Static<typeof CrlRefreshResponseSchema>;
