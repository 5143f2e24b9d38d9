import { createHash } from 'node:crypto';
import { concatBytes, hex } from '../bytes';

/**
 * The card signs a DigestInfo the host builds (it adds only the PKCS#1 v1.5 padding), so the host must prefix the
 * hash with its algorithm identifier exactly as RFC 8017 §9.2 note 1 lists it.
 */
export const SHA256_DIGEST_INFO_PREFIX = hex('30 31 30 0d 06 09 60 86 48 01 65 03 04 02 01 05 00 04 20');

export function sha256DigestInfo(data: Uint8Array): Uint8Array {
  return digestInfoOfSha256(createHash('sha256').update(data).digest());
}

export function digestInfoOfSha256(digest: Uint8Array): Uint8Array {
  if (digest.length !== 32) throw new RangeError(`a SHA-256 digest is 32 bytes, got ${digest.length}`);
  return concatBytes(SHA256_DIGEST_INFO_PREFIX, digest);
}
