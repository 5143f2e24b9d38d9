import { sign } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { decodeJwt } from 'jose';
import type { CardProfile } from '@madoguchi/jpki-card';
import {
  linkToBeSigned,
  type BasicFour,
  type Challenge,
  type FactName,
  type LinkRequest,
  type TokenSet,
} from '@madoguchi/protocol';
import { hashServiceSecret } from '../../src/plugins/service-auth';
import { assertion, challenge, deviceHeaders, post, type TestDevice, type TestServer } from './fixture';

/** The four sample services' registrations (docs/operators-services.md shows the same). */
export const SAMPLE_SERVICES = [
  {
    id: 'gyosei',
    name: '美波町役場',
    assurance: 'auth',
    facts: { allowed: ['name', 'address', 'dateOfBirth', 'sex'], sources: ['sign-cert'] },
    verifySignatures: true,
    redirectUris: ['http://127.0.0.1/gyosei/callback'],
  },
  { id: 'bosai', name: '美波町防災', assurance: 'auth', recentLoginSeconds: 1800 },
  {
    id: 'byoin',
    name: '美波病院',
    assurance: 'auth',
    facts: { allowed: ['name', 'dateOfBirth', 'sex'], sources: ['card-info', 'sign-cert'] },
  },
  {
    id: 'kotsu',
    name: '美波バス',
    assurance: 'auth',
    facts: { allowed: ['dateOfBirth'], sources: ['card-info'] },
  },
];

export interface LinkOptions {
  consent?: FactName[];
  /** Facts read from the card-info AP (default: the card's, when consenting with source card-info). */
  cardInfo?: BasicFour;
  source?: 'card-info' | 'sign-cert' | 'none';
  /** Sign the main assertion with the sign key instead of adding a sign block. */
  keyKind?: 'auth' | 'sign';
}

/** What the bridge sends to POST /v1/links: the card's signatures over linkToBeSigned. */
export function linkRequest(card: CardProfile, c: Challenge, options: LinkOptions = {}): LinkRequest {
  const consent = { facts: options.consent ?? [] };
  const source = options.source ?? (consent.facts.length > 0 ? 'card-info' : 'none');
  const cardInfo = source === 'card-info' ? (options.cardInfo ?? card.cardInfo.basicFour) : undefined;
  const bytes = linkToBeSigned(c, consent, cardInfo);
  const keyKind = options.keyKind ?? 'auth';
  const main = assertion(card, c, keyKind);
  const signWith = (pem: string) => sign('sha256', bytes, pem).toString('base64url');
  return {
    ...main,
    signature: signWith(keyKind === 'auth' ? card.jpki.authKey : card.jpki.signKey!),
    consent,
    ...(cardInfo ? { cardInfo } : {}),
    ...(source === 'sign-cert' && keyKind === 'auth'
      ? {
          sign: {
            certificate: Buffer.from(card.jpki.signCert!, 'base64').toString('base64url'),
            signature: signWith(card.jpki.signKey!),
          },
        }
      : {}),
  };
}

/** A link through HTTP, as the bridge does it: a `link` challenge, then POST /v1/links. */
export async function link(
  server: TestServer,
  device: TestDevice,
  card: CardProfile,
  serviceId: string,
  options: LinkOptions = {},
): Promise<LightMyRequestResponse> {
  const c = await challenge(server, device, serviceId, 'link');
  return post(server, device, '/v1/links', linkRequest(card, c, options));
}

/**
 * A plain PIN login (POST /v1/assertions with a `login` challenge); with purpose `link`, the plainest first use
 * (consent, no facts), which a login needs before it.
 */
export async function login(
  server: TestServer,
  device: TestDevice,
  card: CardProfile,
  serviceId: string,
  keyKind: 'auth' | 'sign' = 'auth',
  purpose: 'login' | 'link' = 'login',
): Promise<LightMyRequestResponse> {
  const c = await challenge(server, device, serviceId, purpose);
  return post(server, device, '/v1/assertions', assertion(card, c, keyKind));
}

export const tokensOf = (res: LightMyRequestResponse): TokenSet => {
  if (res.statusCode !== 200) throw new Error(`refused: ${res.body}`);
  return res.json<{ tokens: TokenSet }>().tokens;
};

export const claimsOf = (res: LightMyRequestResponse) => decodeJwt(tokensOf(res).idToken);

/** A device-signed call carrying the holder's bearer token (GET/DELETE have an empty body). */
export function holderCall(
  server: TestServer,
  device: TestDevice,
  method: 'GET' | 'DELETE',
  url: string,
  accessToken: string,
): Promise<LightMyRequestResponse> {
  return server.app.inject({
    method,
    url,
    headers: {
      authorization: `Bearer ${accessToken}`,
      ...deviceHeaders(device, method, url, '', server.clock.now()),
    },
  });
}

/** Issues a service's client secret as the CLI does; returns the Basic authorization header value. */
export async function serviceAuth(server: TestServer, serviceId: string, secret = `secret-of-${serviceId}`) {
  await server.deps.store.setServiceSecret(serviceId, hashServiceSecret(secret), server.clock.now());
  return `Basic ${Buffer.from(`${serviceId}:${secret}`).toString('base64')}`;
}

export function introspect(server: TestServer, authorization: string, token: string) {
  return server.app.inject({
    method: 'POST',
    url: '/v1/introspect',
    headers: { authorization, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ token }).toString(),
  });
}
