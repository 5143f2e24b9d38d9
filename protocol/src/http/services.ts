import { Type, type Static } from '@sinclair/typebox';
import { KeyKindSchema, ServiceIdSchema } from './common';

/** The basic four facts by name (the keys of BasicFour): what a service may be registered to receive. */
export const FACT_NAMES = ['name', 'address', 'dateOfBirth', 'sex'] as const;
export const FactNameSchema = Type.Union(
  FACT_NAMES.map((f) => Type.Literal(f)),
  { $id: 'FactName' },
);
export type FactName = Static<typeof FactNameSchema>;

/**
 * Where released facts come from: the signature certificate's subjectAltName after full verification (sign PIN;
 * J-LIS vouches for them), or the card-info input support AP read by the enrolled box after the 4-digit PIN (the box
 * vouches for them, the holder's authentication signature covers their hash).
 */
export const FactsSourceSchema = Type.Union([Type.Literal('sign-cert'), Type.Literal('card-info')], {
  $id: 'FactsSource',
});
export type FactsSource = Static<typeof FactsSourceSchema>;

/** The audience of the holder's own tokens ("my card" screen): a built-in service no operator may register. */
export const HOLDER_AUDIENCE = 'holder';

/**
 * GET /v1/services/:serviceId — what a service is registered for, public so that the TV can show the consent
 * screen (who asks, which facts, from which source) before any PIN is asked.
 */
export const ServiceInfoSchema = Type.Object(
  {
    id: ServiceIdSchema,
    /** Display name, as the viewer reads it on the consent screen. */
    name: Type.String({ minLength: 1, maxLength: 100 }),
    /** The card key a login to it needs. */
    assurance: KeyKindSchema,
    /** How long after a PIN login the service accepts a login without a new PIN; 0: a PIN every time. */
    recentLoginSeconds: Type.Integer({ minimum: 0 }),
    facts: Type.Object(
      {
        allowed: Type.Array(FactNameSchema),
        sources: Type.Array(FactsSourceSchema),
      },
      { additionalProperties: false },
    ),
    /** The only places the TV may hand this service's tokens to. */
    redirectUris: Type.Array(Type.String()),
  },
  { $id: 'ServiceInfo', additionalProperties: false },
);
export type ServiceInfo = Static<typeof ServiceInfoSchema>;

export const LinkStatusSchema = Type.Union([Type.Literal('active'), Type.Literal('relink-required')], {
  $id: 'LinkStatus',
});
export type LinkStatus = Static<typeof LinkStatusSchema>;
