import { Type, type Static } from '@sinclair/typebox';
import { BasicFourSchema } from '../card/basic-four';
import { ErrorCodeSchema } from '../errors';

/**
 * The routes a registered service calls, authenticated as the service with HTTP Basic (client id = service id,
 * client secret from `madoguchi-server issue-service-secret`), as OAuth's client_secret_basic.
 */

/** Where a holder stands with one service, as that service may learn it (never anything about other services). */
export const SubjectStatusSchema = Type.Union(
  [
    Type.Literal('linked'),
    /** Name or address changed (signature certificate revoked, affiliationChanged): ask the holder to re-link. */
    Type.Literal('relink-required'),
    /** Never linked, or the holder removed the link. */
    Type.Literal('unlinked'),
    /** The card was reported lost: every login and token is refused until the operator reactivates it. */
    Type.Literal('suspended'),
  ],
  { $id: 'SubjectStatus' },
);
export type SubjectStatus = Static<typeof SubjectStatusSchema>;

export const IntrospectionRequestSchema = Type.Object(
  { token: Type.String({ minLength: 1, maxLength: 4096 }), token_type_hint: Type.Optional(Type.String()) },
  { $id: 'IntrospectionRequest', additionalProperties: false },
);
export type IntrospectionRequest = Static<typeof IntrospectionRequestSchema>;

/**
 * POST /v1/introspect (RFC 7662, form body `token=…`) — whether an access token is still good now. Inactive tokens
 * carry `status` and the plain reason `code` for the token's own service (suspended, unlinked, expired …).
 */
export const IntrospectionResponseSchema = Type.Object(
  {
    active: Type.Boolean(),
    sub: Type.Optional(Type.String()),
    aud: Type.Optional(Type.String()),
    client_id: Type.Optional(Type.String()),
    scope: Type.Optional(Type.String()),
    acr: Type.Optional(Type.String()),
    iat: Type.Optional(Type.Integer()),
    exp: Type.Optional(Type.Integer()),
    auth_time: Type.Optional(Type.Integer()),
    status: Type.Optional(SubjectStatusSchema),
    code: Type.Optional(ErrorCodeSchema),
  },
  { $id: 'IntrospectionResponse', additionalProperties: false },
);
export type IntrospectionResponse = Static<typeof IntrospectionResponseSchema>;

/** GET /v1/subjects/:sub/status — the status of one of the calling service's own subjects. */
export const SubjectParamsSchema = Type.Object(
  { sub: Type.String({ pattern: '^[A-Za-z0-9_-]{43}$' }) },
  { $id: 'SubjectParams', additionalProperties: false },
);
export const SubjectStatusResponseSchema = Type.Object(
  {
    sub: Type.String(),
    status: SubjectStatusSchema,
    /** The plain reason when the holder cannot use the service now. */
    code: Type.Union([ErrorCodeSchema, Type.Null()]),
  },
  { $id: 'SubjectStatusResponse', additionalProperties: false },
);
export type SubjectStatusResponse = Static<typeof SubjectStatusResponseSchema>;

/**
 * POST /v1/signatures/verify — a CMS SignedData (DER, base64url) made with a card's signature key, checked by the
 * platform on the service's behalf: the signed attributes and signature, the certificate chain, its validity and
 * revocation at the signing time and now. `facts` only when the service's registration allows them (and only those).
 */
export const SignatureVerifyRequestSchema = Type.Object(
  { cms: Type.String({ pattern: '^[A-Za-z0-9_-]+$', minLength: 1, maxLength: 400_000 }) },
  { $id: 'SignatureVerifyRequest', additionalProperties: false },
);
export type SignatureVerifyRequest = Static<typeof SignatureVerifyRequestSchema>;

export const SignatureVerdictSchema = Type.Object(
  {
    /** Every check passed. */
    valid: Type.Boolean(),
    /** The first check that failed, null when valid. */
    code: Type.Union([ErrorCodeSchema, Type.Null()]),
    /** The signing-time attribute (RFC 3339), when the signed attributes parse. */
    signingTime: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    checks: Type.Object(
      {
        /** Signed attributes (content type, message digest) and the RSA signature over them. */
        signature: Type.Boolean(),
        /** Chains to a trusted JPKI signature CA. */
        chain: Type.Boolean(),
        /** Valid, key usage and policy right, not revoked: at the signing time / now. */
        atSigningTime: Type.Boolean(),
        now: Type.Boolean(),
      },
      { additionalProperties: false },
    ),
    /** The signed document (base64url), so the service keeps exactly what was verified. */
    content: Type.Union([Type.String(), Type.Null()]),
    /** The signer's pairwise subject for the calling service, when the signer is linked to it. */
    sub: Type.Union([Type.String(), Type.Null()]),
    facts: Type.Optional(Type.Partial(BasicFourSchema)),
  },
  { $id: 'SignatureVerdict', additionalProperties: false },
);
export type SignatureVerdict = Static<typeof SignatureVerdictSchema>;
