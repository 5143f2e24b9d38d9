import { Type, type Static } from '@sinclair/typebox';
import { Base64UrlSchema, PurposeSchema, ServiceIdSchema, DeviceIdSchema } from './common';

/** POST /v1/challenges — asked by an enrolled bridge before any PIN is asked, so a down server costs no PIN try. */
export const CreateChallengeRequestSchema = Type.Object(
  { serviceId: ServiceIdSchema, purpose: PurposeSchema },
  { $id: 'CreateChallengeRequest', additionalProperties: false },
);
export type CreateChallengeRequest = Static<typeof CreateChallengeRequestSchema>;

export const ChallengeSchema = Type.Object(
  {
    challengeId: Type.String({ minLength: 16, maxLength: 64 }),
    /** 32 random bytes, base64url. */
    nonce: Base64UrlSchema,
    serviceId: ServiceIdSchema,
    deviceId: DeviceIdSchema,
    purpose: PurposeSchema,
    /** RFC 3339 time after which the server refuses it (CHALLENGE_EXPIRED). */
    expiresAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'Challenge', additionalProperties: false },
);
export type Challenge = Static<typeof ChallengeSchema>;
