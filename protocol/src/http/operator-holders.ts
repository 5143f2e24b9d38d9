import { Type, type Static } from '@sinclair/typebox';
import { LinkViewSchema } from './links';

/**
 * The operator's holder routes (bearer operator token), for a loss report and what follows:
 *
 *   GET  /v1/admin/holders?serial=HEX             find the holder of a certificate (the serial J-LIS reports)
 *   GET  /v1/admin/holders/:holderId              status and links
 *   POST /v1/admin/holders/:holderId/suspend      every login and token refused at once; links kept
 *   POST /v1/admin/holders/:holderId/reactivate   the card was found
 *   POST /v1/admin/holders/:holderId/abolish      the card is gone: its certificates are never accepted again; a
 *                                                 new card joins through the serial list, or by re-linking
 */
export const HolderLookupQuerySchema = Type.Object(
  { serial: Type.String({ pattern: '^[0-9A-Fa-f]{1,40}$' }) },
  { $id: 'HolderLookupQuery', additionalProperties: false },
);
export type HolderLookupQuery = Static<typeof HolderLookupQuerySchema>;

export const HolderIdParamsSchema = Type.Object(
  { holderId: Type.String({ pattern: '^[0-9a-f-]{36}$' }) },
  { $id: 'HolderIdParams', additionalProperties: false },
);

export const HolderViewSchema = Type.Object(
  {
    holderId: Type.String(),
    status: Type.Union([Type.Literal('active'), Type.Literal('suspended'), Type.Literal('merged')]),
    createdAt: Type.String({ format: 'date-time' }),
    links: Type.Array(LinkViewSchema),
  },
  { $id: 'HolderView', additionalProperties: false },
);
export type HolderView = Static<typeof HolderViewSchema>;
