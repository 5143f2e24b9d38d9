import { randomBytes } from 'node:crypto';
import type { Challenge, CreateChallengeRequest } from '@madoguchi/protocol';
import type { Store } from '../store/store';

/** A challenge bound to one service, one device and one purpose: 32 random bytes, valid for `ttlMs`. */
export async function createChallenge(
  store: Store,
  request: CreateChallengeRequest,
  deviceId: string,
  now: Date,
  ttlMs: number,
): Promise<Challenge> {
  const record = {
    challengeId: randomBytes(24).toString('base64url'),
    nonce: randomBytes(32).toString('base64url'),
    serviceId: request.serviceId,
    deviceId,
    purpose: request.purpose,
    createdAt: now,
    expiresAt: new Date(now.getTime() + ttlMs),
  };
  await store.createChallenge(record);
  return {
    challengeId: record.challengeId,
    nonce: record.nonce,
    serviceId: record.serviceId,
    deviceId,
    purpose: record.purpose,
    expiresAt: record.expiresAt.toISOString(),
  };
}
