import { createHmac } from 'node:crypto';

/**
 * The `sub` a service sees: HMAC-SHA256 of the holder id and the service id under the server's secret. Stable for
 * one holder and one service, unlinkable across services, and revealing neither the common ID nor the serial.
 */
export function pairwiseSubject(secret: Buffer, holderId: string, serviceId: string): string {
  return createHmac('sha256', secret).update(`${holderId}\n${serviceId}`).digest('base64url');
}
