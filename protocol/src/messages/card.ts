import { Type, type Static } from '@sinclair/typebox';
import { closed, OperationIdSchema } from './common';

/** What the reader holds, as the TV shows it: no reader, no card, a JPKI card, a card it cannot read, another card. */
export const CardStateSchema = Type.Union(
  [
    Type.Literal('reader-missing'),
    Type.Literal('absent'),
    Type.Literal('present'),
    Type.Literal('unreadable'),
    Type.Literal('not-jpki'),
  ],
  { $id: 'CardState' },
);
export type CardState = Static<typeof CardStateSchema>;

/** Bridge → TV, to every connection, on connect and on every change. */
export const CardStateEventSchema = Type.Object(
  { type: Type.Literal('card.state'), state: CardStateSchema },
  { $id: 'CardStateEvent', ...closed },
);
export type CardStateEvent = Static<typeof CardStateEventSchema>;

/** TV → bridge: what is on the card, with no PIN (the "my card" screen). */
export const CardStatusRequestSchema = Type.Object(
  { type: Type.Literal('card.status'), operationId: OperationIdSchema },
  { $id: 'CardStatusRequest', ...closed },
);
export type CardStatusRequest = Static<typeof CardStatusRequestSchema>;

/** An ISO 8601 UTC instant, e.g. 2030-03-15T00:00:00.000Z. */
const Instant = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{3})?Z$' });

export const CertificateValiditySchema = Type.Object(
  { notBefore: Instant, notAfter: Instant },
  { $id: 'CertificateValidity', ...closed },
);
export type CertificateValidity = Static<typeof CertificateValiditySchema>;

/**
 * Bridge → TV. Tries left for each PIN (read without spending one); `sign` is absent on cards with no signature
 * certificate (holders under 15). Only the authentication certificate's dates: the signature certificate cannot be
 * read without its PIN.
 */
export const CardStatusResultSchema = Type.Object(
  {
    type: Type.Literal('card.status.result'),
    operationId: OperationIdSchema,
    triesLeft: Type.Object(
      {
        auth: Type.Integer({ minimum: 0 }),
        sign: Type.Optional(Type.Integer({ minimum: 0 })),
        cardInfo: Type.Integer({ minimum: 0 }),
      },
      closed,
    ),
    hasSignCertificate: Type.Boolean(),
    authCertificate: CertificateValiditySchema,
  },
  { $id: 'CardStatusResult', ...closed },
);
export type CardStatusResult = Static<typeof CardStatusResultSchema>;
