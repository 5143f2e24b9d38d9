import { Type, type Static } from '@sinclair/typebox';
import { BasicFourSchema, PIN_POLICY, type PinKind } from '@madoguchi/protocol';

/**
 * A virtual card as data: who holds it, what its files hold, and how it misbehaves. The profile builder writes these
 * as JSON from the test CA; the card reads nothing else. Certificates are opaque bytes to the card.
 */

/** READ BINARY offsets are 15 bits, so no EF may be larger than 0x7FFF bytes (43 688 base64 characters). */
const MAX_EF_BASE64 = Math.floor(0x7fff / 3) * 4;

const Der = (description: string) =>
  Type.String({
    description: `${description}, DER as base64`,
    minLength: 4,
    maxLength: MAX_EF_BASE64,
    pattern: '^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$',
  });

const PrivateKey = (description: string) =>
  Type.String({
    description: `${description}, RSA-2048 PKCS#8 PEM`,
    pattern: '^-----BEGIN PRIVATE KEY-----',
  });

/** A PIN must meet its own policy, so a profile can never hold a PIN the card would refuse to set. */
const Pin = (kind: PinKind) => Type.String({ pattern: PIN_POLICY[kind].pattern.source });

/** A PIN's tries left: 0 (blocked) up to its policy's maximum. */
export const Tries = (kind: PinKind) => Type.Integer({ minimum: 0, maximum: PIN_POLICY[kind].maxTries });

const closed = { additionalProperties: false } as const;

const Milliseconds = Type.Optional(Type.Integer({ minimum: 0, maximum: 60_000 }));

export const CardProfileSchema = Type.Object(
  {
    name: Type.String({ minLength: 1 }),
    description: Type.Optional(Type.String()),
    /** The ATR in hex; default ATR.CONTACT_EXTENDED or ATR.CONTACT_SHORT by `extendedLength`. */
    atr: Type.Optional(Type.String({ pattern: '^[0-9A-Fa-f]{2}(?: ?[0-9A-Fa-f]{2}){1,32}$' })),
    /** Whether the card accepts extended Lc/Le; a card without answers 67 00 to any extended APDU. */
    extendedLength: Type.Boolean(),
    latency: Type.Optional(
      Type.Object(
        {
          /** Added to every APDU. */
          apduMs: Milliseconds,
          /** Added to every COMPUTE DIGITAL SIGNATURE (the slow card). */
          signMs: Milliseconds,
        },
        closed,
      ),
    ),
    fault: Type.Optional(
      Type.Object(
        {
          /** 'sign': the card is pulled out while it computes a signature (after the PIN and key checks pass). */
          removeOn: Type.Optional(Type.Literal('sign')),
        },
        closed,
      ),
    ),
    jpki: Type.Object(
      {
        authCert: Der('authentication certificate (EF 000A)'),
        authKey: PrivateKey('authentication key (EF 0017)'),
        authCaCert: Der('authentication CA certificate (EF 000B)'),
        authPin: Pin('auth'),
        /** The sign certificate, key and PIN come together or not at all (holders under 15 have none). */
        signCert: Type.Optional(Der('signature certificate (EF 0001)')),
        signKey: Type.Optional(PrivateKey('signature key (EF 001A)')),
        signCaCert: Der('signature CA certificate (EF 0002)'),
        signPin: Type.Optional(Pin('sign')),
        /** Tries left when the card is first used (default: the policy's maximum). */
        tries: Type.Optional(
          Type.Object({ auth: Type.Optional(Tries('auth')), sign: Type.Optional(Tries('sign')) }, closed),
        ),
      },
      closed,
    ),
    cardInfo: Type.Object(
      {
        pin: Pin('cardInfo'),
        tries: Type.Optional(Tries('cardInfo')),
        basicFour: BasicFourSchema,
        /** 12 ASCII digits; test profiles use an obviously fake number such as 000000000000. */
        myNumber: Type.String({ pattern: '^[0-9]{12}$' }),
      },
      closed,
    ),
  },
  { $id: 'CardProfile', additionalProperties: false },
);

export type CardProfile = Static<typeof CardProfileSchema>;
