import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { deviceSigningString, MadoguchiError } from '@madoguchi/protocol';
import type { Store } from '../store/store';

export interface DeviceRequest {
  method: string;
  /** Path and query as sent. */
  path: string;
  deviceId: string | undefined;
  timestamp: string | undefined;
  signature: string | undefined;
  body: Buffer;
}

/**
 * The request signature of protocol/http/device-auth.ts: an enrolled, unrevoked device, a timestamp within the
 * allowed skew, and an ECDSA P-256 / SHA-256 (IEEE P1363) signature over the canonical string, which binds the
 * method, path, device, time and body hash. Returns the device id.
 */
export async function authenticateDevice(
  store: Store,
  req: DeviceRequest,
  now: Date,
  maxSkewSeconds: number,
): Promise<string> {
  const { deviceId, timestamp, signature } = req;
  if (deviceId === undefined || timestamp === undefined || signature === undefined) {
    throw new MadoguchiError('DEVICE_UNKNOWN', 'the request carries no device signature');
  }
  const device = await store.getDevice(deviceId);
  if (device === undefined) throw new MadoguchiError('DEVICE_UNKNOWN', 'this device is not enrolled');
  if (device.revokedAt !== null) throw new MadoguchiError('DEVICE_REVOKED', 'this device has been revoked');
  const seconds = /^[0-9]{1,12}$/.test(timestamp) ? Number(timestamp) : NaN;
  if (!(Math.abs(now.getTime() / 1000 - seconds) <= maxSkewSeconds)) {
    throw new MadoguchiError('SIGNATURE_INVALID', 'the device timestamp is outside the allowed clock skew');
  }
  const signed = deviceSigningString({
    method: req.method,
    path: req.path,
    deviceId,
    timestamp: seconds,
    bodySha256: createHash('sha256').update(req.body).digest('base64url'),
  });
  let valid = false;
  try {
    valid = verify(
      'sha256',
      Buffer.from(signed),
      { key: deviceKeys.get(deviceId, device.publicKeyPem), dsaEncoding: 'ieee-p1363' },
      Buffer.from(signature, 'base64url'),
    );
  } catch {
    valid = false;
  }
  if (!valid) throw new MadoguchiError('SIGNATURE_INVALID', 'the device signature does not verify');
  return deviceId;
}

/**
 * Enrolled devices' public keys as KeyObjects, by device id and the PEM as stored: parsing the PEM cost more than the
 * ECDSA verify itself. Only the parse is cached — the device row (and so its revocation, which the CLI may write from
 * another process) is read on every request, and a re-enrolled key is a different PEM, hence a different entry.
 * Bounded; the least recently used entry goes first.
 */
export class DeviceKeyCache {
  private readonly entries = new Map<string, KeyObject>();

  constructor(private readonly capacity = 10_000) {}

  get(deviceId: string, publicKeyPem: string): KeyObject {
    const id = `${deviceId}\n${publicKeyPem}`;
    let key = this.entries.get(id);
    if (key !== undefined) {
      this.entries.delete(id);
    } else {
      key = createPublicKey(publicKeyPem);
      if (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value!);
    }
    this.entries.set(id, key);
    return key;
  }

  get size(): number {
    return this.entries.size;
  }
}

/** One per process: a key parsed from the same PEM is the same key whoever asks. */
export const deviceKeys = new DeviceKeyCache();
