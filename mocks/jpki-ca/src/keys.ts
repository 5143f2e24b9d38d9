import { createHash, createPublicKey, generateKeyPair, sign, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { JpkiCaError } from './errors';

/** JPKI keys, on the card and at J-LIS alike, are RSA-2048. */
const MODULUS_LENGTH = 2048;

const generateRsa = promisify(generateKeyPair);

/** Native (OpenSSL) key generation: forge's pure-JS RSA keygen is far too slow for tests. */
export async function generateRsaKeyPair(): Promise<{ publicKey: KeyObject; privateKeyPem: string }> {
  const { publicKey, privateKey } = await generateRsa('rsa', {
    modulusLength: MODULUS_LENGTH,
    publicExponent: 0x10001,
  });
  return { publicKey, privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
}

/** A holder's public key given as PEM (SPKI); refuses anything but RSA-2048, as a JPKI card holds nothing else. */
export function parseHolderPublicKey(pem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey({ key: pem, format: 'pem' });
  } catch (cause) {
    throw new JpkiCaError('BAD_REQUEST', 'publicKeyPem is not a PEM public key', { cause });
  }
  if (key.asymmetricKeyType !== 'rsa' || key.asymmetricKeyDetails?.modulusLength !== MODULUS_LENGTH) {
    throw new JpkiCaError('BAD_REQUEST', `publicKeyPem must be an RSA-${MODULUS_LENGTH} key`);
  }
  return key;
}

export const spkiOf = (key: KeyObject): Uint8Array =>
  Uint8Array.from(key.export({ type: 'spki', format: 'der' }));

/**
 * Key identifier, RFC 5280 §4.2.1.2 method (1): SHA-1 of the subjectPublicKey bit string, which for RSA is the
 * PKCS#1 RSAPublicKey encoding.
 */
export const keyIdentifierOf = (key: KeyObject): Uint8Array =>
  Uint8Array.from(
    createHash('sha1')
      .update(key.export({ type: 'pkcs1', format: 'der' }))
      .digest(),
  );

/** sha256WithRSAEncryption (PKCS#1 v1.5) over to-be-signed DER. */
export const signSha256 = (tbs: Uint8Array, privateKeyPem: string): Uint8Array =>
  Uint8Array.from(sign('sha256', tbs, privateKeyPem));
