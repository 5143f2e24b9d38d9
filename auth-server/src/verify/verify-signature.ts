import { constants, verify as cryptoVerify, type KeyObject } from 'node:crypto';
import { memoized } from './memo';
import type { ParsedCertificate } from './parse-certificate';

/** X509Certificate#publicKey builds a new KeyObject on every read: once per certificate instead. */
const keys = new WeakMap<ParsedCertificate, KeyObject>();

/** RSASSA-PKCS1-v1_5 with SHA-256 by the certificate's key over `data` (what the card computes). No detail on failure. */
export function signatureMatches(cert: ParsedCertificate, data: Uint8Array, signature: Buffer): boolean {
  const key = memoized(keys, cert, (c) => c.x509.publicKey);
  if (key.asymmetricKeyType !== 'rsa') return false;
  try {
    return cryptoVerify('sha256', data, { key, padding: constants.RSA_PKCS1_PADDING }, signature);
  } catch {
    return false;
  }
}
