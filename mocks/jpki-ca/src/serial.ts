import { randomBytes } from 'node:crypto';
import { JpkiCaError } from './errors';

/**
 * A fresh certificate serial: 127 random bits, so it is positive, never needs a leading zero and is always 16 bytes
 * (RFC 5280 allows up to 20). Upper-case hex, the form Node's X509Certificate.serialNumber reports.
 */
export function randomSerial(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0]! & 0x3f) | 0x40;
  return bytes.toString('hex').toUpperCase();
}

/** A caller's serial in canonical form; any case is accepted. */
export function normalizeSerial(serial: string): string {
  if (!/^[0-9A-Fa-f]{1,40}$/.test(serial)) {
    throw new JpkiCaError('BAD_REQUEST', `not a hex serial number: ${serial}`);
  }
  return serial.toUpperCase();
}

export const serialBytes = (serial: string): Uint8Array => Uint8Array.from(Buffer.from(serial, 'hex'));
