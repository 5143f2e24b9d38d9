import { Type, type Static } from '@sinclair/typebox';
import { AssertionRequestSchema } from './assertions';
import { Base64UrlSchema, PurposeSchema, ServiceIdSchema, DeviceIdSchema } from './common';

/**
 * POST /v1/challenges — asked by an enrolled bridge before any PIN is asked, so a down server costs no PIN try. With
 * a `login` the bridge may send the card's authentication certificate (readable without a PIN): the server then
 * refuses at once what the login would be refused for after the PIN — the certificate's own checks, a suspended or
 * abolished holder, and LINK_REQUIRED for a service the card was never linked to — so a first use asks for consent
 * before the one PIN, not after a PIN wasted on a refused login. The assertion is verified in full all the same.
 */
export const CreateChallengeRequestSchema = Type.Object(
  {
    serviceId: ServiceIdSchema,
    purpose: PurposeSchema,
    /** The authentication certificate read from the card, DER, base64url (`login` only). */
    certificate: Type.Optional(AssertionRequestSchema.properties.certificate),
  },
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
