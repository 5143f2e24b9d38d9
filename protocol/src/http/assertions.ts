import { Type, type Static } from '@sinclair/typebox';
import { KeyKindSchema } from './common';

/**
 * POST /v1/assertions — the card's signature over `toBeSigned(challenge)` with the certificate that verifies it.
 * The server checks, failing closed: chain, validity, key usage and policy, revocation, signature, then the
 * challenge (exists, unexpired, unused, this service and this device).
 */
export const AssertionRequestSchema = Type.Object(
  {
    challengeId: Type.String({ minLength: 16, maxLength: 64 }),
    keyKind: KeyKindSchema,
    /** The end-entity certificate read from the card, DER, base64url. */
    certificate: Type.String({ pattern: '^[A-Za-z0-9_-]+$', maxLength: 8192 }),
    /** RSASSA-PKCS1-v1_5 SHA-256 signature over toBeSigned(challenge), base64url. */
    signature: Type.String({ pattern: '^[A-Za-z0-9_-]+$', maxLength: 1024 }),
  },
  { $id: 'AssertionRequest', additionalProperties: false },
);
export type AssertionRequest = Static<typeof AssertionRequestSchema>;

export const TokenSetSchema = Type.Object(
  {
    tokenType: Type.Literal('Bearer'),
    accessToken: Type.String(),
    idToken: Type.String(),
    /** Seconds. */
    expiresIn: Type.Integer({ minimum: 1 }),
    /** The assurance the login reached (`acr` in the tokens). */
    acr: Type.String(),
  },
  { $id: 'TokenSet', additionalProperties: false },
);
export type TokenSet = Static<typeof TokenSetSchema>;

export const AssertionResponseSchema = Type.Object(
  { tokens: TokenSetSchema },
  { $id: 'AssertionResponse', additionalProperties: false },
);
export type AssertionResponse = Static<typeof AssertionResponseSchema>;
