import { Type, type Static } from '@sinclair/typebox';
import { ErrorCodeSchema } from '../errors';
import { DeviceIdSchema, ServiceIdSchema } from './common';

/**
 * GET /v1/admin/audit — the operator's view of the append-only decision record. A record holds no PIN and no
 * personal data: the certificate appears only as a SHA-256 hash of its issuer and serial.
 */
export const AuditActionSchema = Type.Union(
  [
    Type.Literal('device'),
    Type.Literal('challenge'),
    Type.Literal('assertion'),
    // issue 6: links, holders' own view, services' checks, the card's life
    Type.Literal('link'),
    Type.Literal('unlink'),
    Type.Literal('reuse'),
    Type.Literal('introspect'),
    Type.Literal('verify-signature'),
    Type.Literal('suspend'),
    Type.Literal('reactivate'),
    Type.Literal('abolish'),
  ],
  { $id: 'AuditAction' },
);
export type AuditAction = Static<typeof AuditActionSchema>;

export const AuditOutcomeSchema = Type.Union([Type.Literal('accepted'), Type.Literal('refused')], {
  $id: 'AuditOutcome',
});
export type AuditOutcome = Static<typeof AuditOutcomeSchema>;

export const AuditRecordSchema = Type.Object(
  {
    id: Type.Integer({ minimum: 1 }),
    /** RFC 3339. */
    at: Type.String({ format: 'date-time' }),
    action: AuditActionSchema,
    outcome: AuditOutcomeSchema,
    /** The refusal's code; null when accepted. */
    code: Type.Union([ErrorCodeSchema, Type.Null()]),
    deviceId: Type.Union([Type.String({ maxLength: 64 }), Type.Null()]),
    serviceId: Type.Union([Type.String({ maxLength: 64 }), Type.Null()]),
    /** base64url SHA-256 of "issuer DN (RFC 4514) \n serial (hex)", or null when no certificate was read. */
    certificateHash: Type.Union([Type.String(), Type.Null()]),
  },
  { $id: 'AuditRecord', additionalProperties: false },
);
export type AuditRecord = Static<typeof AuditRecordSchema>;

export const AuditQuerySchema = Type.Object(
  {
    /** RFC 3339; records at or after. */
    since: Type.Optional(Type.String({ format: 'date-time' })),
    /** RFC 3339; records before. */
    until: Type.Optional(Type.String({ format: 'date-time' })),
    outcome: Type.Optional(AuditOutcomeSchema),
    code: Type.Optional(ErrorCodeSchema),
    deviceId: Type.Optional(DeviceIdSchema),
    serviceId: Type.Optional(ServiceIdSchema),
    /** Only records with a larger id (paging). */
    afterId: Type.Optional(Type.Integer({ minimum: 0 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
  },
  { $id: 'AuditQuery', additionalProperties: false },
);
export type AuditQuery = Static<typeof AuditQuerySchema>;

export const AuditResponseSchema = Type.Object(
  { records: Type.Array(AuditRecordSchema) },
  { $id: 'AuditResponse', additionalProperties: false },
);
export type AuditResponse = Static<typeof AuditResponseSchema>;
