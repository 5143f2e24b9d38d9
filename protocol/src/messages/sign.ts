import { Type, type Static } from '@sinclair/typebox';
import { closed, OperationIdSchema } from './common';

/** Largest document the TV may hand over for signing (the WebSocket frame limit is set from it). */
export const SIGN_DOCUMENT_MAX_BYTES = 256 * 1024;
const base64UrlMax = (bytes: number) =>
  Type.String({ pattern: '^[A-Za-z0-9_-]+$', maxLength: Math.ceil((bytes * 4) / 3) });

/** TV → bridge: sign this document with the signature key (sign PIN) as CMS SignedData. */
export const SignStartSchema = Type.Object(
  {
    type: Type.Literal('sign.start'),
    operationId: OperationIdSchema,
    /** The document bytes, base64url. */
    document: base64UrlMax(SIGN_DOCUMENT_MAX_BYTES),
  },
  { $id: 'SignStart', ...closed },
);
export type SignStart = Static<typeof SignStartSchema>;

/**
 * Bridge → TV: DER CMS SignedData (base64url) with the document encapsulated, signed attributes (content type,
 * message digest, signing time), SHA-256 and RSA PKCS#1 v1.5, and the signature certificate: `openssl cms -verify`
 * accepts it.
 */
export const SignDoneSchema = Type.Object(
  {
    type: Type.Literal('sign.done'),
    operationId: OperationIdSchema,
    cms: Type.String({ pattern: '^[A-Za-z0-9_-]+$' }),
  },
  { $id: 'SignDone', ...closed },
);
export type SignDone = Static<typeof SignDoneSchema>;
