import { createHash, createPublicKey, verify } from 'node:crypto';
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
      { key: createPublicKey(device.publicKeyPem), dsaEncoding: 'ieee-p1363' },
      Buffer.from(signature, 'base64url'),
    );
  } catch {
    valid = false;
  }
  if (!valid) throw new MadoguchiError('SIGNATURE_INVALID', 'the device signature does not verify');
  return deviceId;
}
