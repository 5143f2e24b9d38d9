import { createHash } from 'node:crypto';
import { Type, type Static } from '@sinclair/typebox';
import { BasicFourSchema, type BasicFour } from '../card/basic-four';
import { AssertionRequestSchema, TokenSetSchema } from './assertions';
import { ServiceIdSchema } from './common';
import { FactNameSchema, FactsSourceSchema, LinkStatusSchema, type FactName } from './services';
import { toBeSigned, type ChallengeBinding } from './to-be-signed';

/**
 * POST /v1/links — the first use of a service with the viewer's consent (紐付け). The card signs a challenge with
 * purpose `link` as in an assertion, but over `linkToBeSigned`: the challenge bytes followed by the facts the viewer
 * agreed to release and, when they come from the card-info AP, the SHA-256 of the facts as read. So the holder's own
 * signature covers exactly what was consented to and what is released, and the device signature covers the request.
 *
 * The facts come from `cardInfo` (card-info AP), or from the verified signature certificate: the login's own with
 * `keyKind: 'sign'`, or the one in `sign` beside an `auth` login. An empty `consent.facts` links without releasing
 * any fact, and then neither may be sent.
 */
export const LinkRequestSchema = Type.Object(
  {
    ...AssertionRequestSchema.properties,
    consent: Type.Object(
      { facts: Type.Array(FactNameSchema, { maxItems: 4, uniqueItems: true }) },
      { additionalProperties: false },
    ),
    /** The basic four facts the box read from the card-info AP (4-digit PIN), when that is the source. */
    cardInfo: Type.Optional(BasicFourSchema),
    /**
     * With an `auth` login, when the facts come from the signature certificate: that certificate and the sign key's
     * signature over the same bytes (sign PIN). The server binds it to the holder the auth certificate found.
     */
    sign: Type.Optional(
      Type.Object(
        {
          certificate: AssertionRequestSchema.properties.certificate,
          signature: AssertionRequestSchema.properties.signature,
        },
        { additionalProperties: false },
      ),
    ),
  },
  { $id: 'LinkRequest', additionalProperties: false },
);
export type LinkRequest = Static<typeof LinkRequestSchema>;

/** One link as the holder (and the operator) sees it. Never the facts themselves. */
export const LinkViewSchema = Type.Object(
  {
    serviceId: ServiceIdSchema,
    serviceName: Type.String(),
    status: LinkStatusSchema,
    /** RFC 3339. */
    linkedAt: Type.String({ format: 'date-time' }),
    lastUsedAt: Type.String({ format: 'date-time' }),
    /** Which facts were released at the last link, and from where; null source when none were. */
    factsShared: Type.Array(FactNameSchema),
    factsSource: Type.Union([FactsSourceSchema, Type.Null()]),
  },
  { $id: 'LinkView', additionalProperties: false },
);
export type LinkView = Static<typeof LinkViewSchema>;

export const LinkResponseSchema = Type.Object(
  { tokens: TokenSetSchema, link: LinkViewSchema },
  { $id: 'LinkResponse', additionalProperties: false },
);
export type LinkResponse = Static<typeof LinkResponseSchema>;

export const LINK_TO_BE_SIGNED_PREFIX = 'madoguchi-link-v1';

/** Length-prefixed UTF-8 fields (2-byte big-endian lengths): no two different inputs share an encoding. */
function fields(values: readonly (string | Uint8Array)[]): Buffer {
  return Buffer.concat(
    values.flatMap((v) => {
      const bytes = typeof v === 'string' ? Buffer.from(v, 'utf8') : Buffer.from(v);
      if (bytes.length > 0xffff) throw new RangeError('field too long');
      const length = Buffer.alloc(2);
      length.writeUInt16BE(bytes.length);
      return [length, bytes];
    }),
  );
}

/** The facts in one canonical byte string (name, address, date of birth, sex; length-prefixed). */
export function encodeFacts(facts: BasicFour): Uint8Array {
  return new Uint8Array(fields([facts.name, facts.address, facts.dateOfBirth, facts.sex]));
}

/**
 * What the card signs for POST /v1/links: toBeSigned(challenge) || "madoguchi-link-v1" || consented fact names
 * (sorted, comma-joined) || SHA-256(encodeFacts(cardInfo)) or nothing — each length-prefixed.
 */
export function linkToBeSigned(
  challenge: ChallengeBinding,
  consent: { facts: readonly FactName[] },
  cardInfo?: BasicFour,
): Uint8Array {
  const digest = cardInfo ? createHash('sha256').update(encodeFacts(cardInfo)).digest() : new Uint8Array();
  return new Uint8Array(
    Buffer.concat([
      toBeSigned(challenge),
      fields([LINK_TO_BE_SIGNED_PREFIX, [...consent.facts].sort().join(','), digest]),
    ]),
  );
}
