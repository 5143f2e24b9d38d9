import type { Challenge } from './challenges';

/**
 * The canonical bytes a card signs for a challenge, defined once for the bridge (signer) and the server (verifier).
 * Every field is length-prefixed, so no two different challenges share an encoding, and the service, device and
 * purpose are inside: a signature made for one of them is useless for another.
 *
 *   "madoguchi-assertion-v1" 00 || for each of (challengeId, nonce, serviceId, deviceId, purpose):
 *     2-byte big-endian length || UTF-8 bytes
 */
export const TO_BE_SIGNED_PREFIX = 'madoguchi-assertion-v1';

export type ChallengeBinding = Pick<
  Challenge,
  'challengeId' | 'nonce' | 'serviceId' | 'deviceId' | 'purpose'
>;

export function toBeSigned(c: ChallengeBinding): Uint8Array {
  const parts = [c.challengeId, c.nonce, c.serviceId, c.deviceId, c.purpose].map((s) =>
    Buffer.from(s, 'utf8'),
  );
  const out: Buffer[] = [Buffer.from(TO_BE_SIGNED_PREFIX, 'ascii'), Buffer.of(0)];
  for (const p of parts) {
    if (p.length > 0xffff) throw new RangeError('challenge field too long');
    const len = Buffer.alloc(2);
    len.writeUInt16BE(p.length);
    out.push(len, p);
  }
  return new Uint8Array(Buffer.concat(out));
}
