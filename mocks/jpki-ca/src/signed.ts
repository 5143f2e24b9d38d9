import * as der from './der';
import { signSha256 } from './keys';

const SHA256_WITH_RSA = '1.2.840.113549.1.1.11';

/** AlgorithmIdentifier for sha256WithRSAEncryption; RFC 4055 wants the NULL parameters present. */
export const sha256WithRsa = (): der.Der => der.sequence(der.oid(SHA256_WITH_RSA), der.nul());

/**
 * The SIGNED{} wrapper shared by certificates and CRLs: SEQUENCE { tbs, algorithm, BIT STRING signature }, signed
 * with Node's native crypto (forge can build the structure but its RSA is ~80x slower).
 */
export function signStructure(tbs: der.Der, privateKeyPem: string): Uint8Array {
  const signature = signSha256(der.encode(tbs), privateKeyPem);
  return der.encode(der.sequence(tbs, sha256WithRsa(), der.bitString(signature)));
}
