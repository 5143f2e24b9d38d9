import { sign } from 'node:crypto';
import type { SigningKey } from './token-keys';

/**
 * A compact JWS with ES256, signed by Node's native synchronous crypto (jose's async WebCrypto path costs a
 * microtask hop and a key import per token). The signature is IEEE P1363 r||s, as JWS requires.
 */
export function signJwt(payload: Record<string, unknown>, key: SigningKey, typ = 'JWT'): string {
  const header = { alg: 'ES256', kid: key.kid, typ };
  const input = `${b64(header)}.${b64(payload)}`;
  const signature = sign('sha256', Buffer.from(input), { key: key.privateKey, dsaEncoding: 'ieee-p1363' });
  return `${input}.${signature.toString('base64url')}`;
}

const b64 = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
