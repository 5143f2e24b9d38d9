/**
 * How an enrolled set-top box proves itself on every call to the auth-server: a request signature (chosen over
 * mTLS because it survives the TLS-terminating load balancer in front of several servers). The box signs, with its
 * own enrolled ECDSA P-256 key, the canonical string below; the server looks the key up by device id, checks the
 * signature and that the timestamp is within its allowed skew. The body hash binds the signature to the body.
 *
 * Headers: madoguchi-device (device id), madoguchi-timestamp (Unix seconds), madoguchi-signature (base64url of the
 * IEEE P1363 r||s signature, SHA-256).
 */
export const DEVICE_HEADER = {
  DEVICE: 'madoguchi-device',
  TIMESTAMP: 'madoguchi-timestamp',
  SIGNATURE: 'madoguchi-signature',
} as const;

/** Allowed clock difference between box and server, seconds. */
export const DEVICE_SIGNATURE_MAX_SKEW_S = 300;

export interface DeviceSigningInput {
  method: string;
  /** Path and query, exactly as sent (e.g. /v1/challenges). */
  path: string;
  deviceId: string;
  timestamp: number;
  /** base64url SHA-256 of the raw body bytes (of the empty string when there is no body). */
  bodySha256: string;
}

export function deviceSigningString(i: DeviceSigningInput): string {
  return [
    'madoguchi-device-v1',
    i.method.toUpperCase(),
    i.path,
    i.deviceId,
    String(i.timestamp),
    i.bodySha256,
  ].join('\n');
}
