import { constants, verify as cryptoVerify } from 'node:crypto';
import type { ParsedCertificate } from './parse-certificate';

/** RSASSA-PKCS1-v1_5 with SHA-256 by the certificate's key over `data` (what the card computes). No detail on failure. */
export function signatureMatches(cert: ParsedCertificate, data: Uint8Array, signature: Buffer): boolean {
  const key = cert.x509.publicKey;
  if (key.asymmetricKeyType !== 'rsa') return false;
  try {
    return cryptoVerify('sha256', data, { key, padding: constants.RSA_PKCS1_PADDING }, signature);
  } catch {
    return false;
  }
}
