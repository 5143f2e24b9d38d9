import { createPrivateKey, sign } from 'node:crypto';
import type { CardProfile } from '@madoguchi/jpki-card';
import { DEVICE_HEADER, toBeSigned, type Challenge } from '@madoguchi/protocol';
import { deviceHeaders, type TestDevice } from '../test/helpers/fixture';
import { linkRequest } from '../test/helpers/links';
import { assertionBody, type PoolFile, type PoolItem } from './shared';

const ASSERTIONS = '/v1/assertions';

/** A device-signed JSON POST to the running server, as the bridge makes it. */
async function signedPost(
  base: string,
  device: TestDevice,
  path: string,
  payload: unknown,
): Promise<Response> {
  const body = JSON.stringify(payload);
  return fetch(`${base}${path}`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', ...deviceHeaders(device, 'POST', path, body, new Date()) },
  });
}

async function newChallenge(
  base: string,
  device: TestDevice,
  serviceId: string,
  purpose: Challenge['purpose'],
): Promise<Challenge> {
  const response = await signedPost(base, device, '/v1/challenges', { serviceId, purpose });
  if (response.status !== 201)
    throw new Error(`challenge refused: ${response.status} ${await response.text()}`);
  return (await response.json()) as Challenge;
}

/**
 * The card's first use of the service, which a login needs before it: a `link` challenge and POST /v1/links,
 * consenting to release no facts (test/helpers/links.ts builds the request the bridge sends).
 */
export async function linkCard(base: string, device: TestDevice, card: CardProfile, serviceId: string) {
  const c = await newChallenge(base, device, serviceId, 'link');
  const response = await signedPost(base, device, '/v1/links', linkRequest(card, c));
  if (response.status !== 200) throw new Error(`link refused: ${response.status} ${await response.text()}`);
}

/**
 * `count` fresh login assertions, as the bridge would send them: each challenge asked of the running server with
 * a device request signature (devices taken in turn), signed with the card's auth key over toBeSigned(challenge) —
 * the bytes the card signs — and the assertion request itself device-signed now (within the server's skew).
 */
export async function pregenerate(
  base: string,
  devices: TestDevice[],
  card: CardProfile,
  count: number,
  serviceId: string,
): Promise<PoolFile> {
  const authKey = createPrivateKey(card.jpki.authKey);
  const certificate = Buffer.from(card.jpki.authCert, 'base64').toString('base64url');
  const items: PoolItem[] = new Array<PoolItem>(count);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < count; i = next++) {
      const device = devices[i % devices.length]!;
      const c = await newChallenge(base, device, serviceId, 'login');
      const signature = sign('sha256', toBeSigned(c), authKey).toString('base64url');
      const body = assertionBody(c.challengeId, certificate, signature);
      const headers = deviceHeaders(device, 'POST', ASSERTIONS, body, new Date());
      items[i] = [
        c.challengeId,
        signature,
        device.deviceId,
        headers[DEVICE_HEADER.TIMESTAMP],
        headers[DEVICE_HEADER.SIGNATURE],
      ];
    }
  };
  await Promise.all(Array.from({ length: 32 }, worker));
  return { certificate, items };
}
