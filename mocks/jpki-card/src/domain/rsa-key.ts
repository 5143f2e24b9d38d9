import { createPrivateKey, type KeyObject } from 'node:crypto';

/** A real My Number Card holds RSA-2048 keys, so every signature it answers is exactly 256 bytes. */
export const CARD_KEY_BITS = 2048;

/** Parses a PKCS#8 PEM private key; throws a TypeError unless it is RSA-2048. */
export function readCardKey(pem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch (cause) {
    throw new TypeError('not a PEM private key', { cause });
  }
  if (key.asymmetricKeyType !== 'rsa' || key.asymmetricKeyDetails?.modulusLength !== CARD_KEY_BITS) {
    throw new TypeError(`not an RSA-${CARD_KEY_BITS} private key`);
  }
  return key;
}
