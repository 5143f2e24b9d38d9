import { constants, randomBytes, verify, X509Certificate } from 'node:crypto';
import {
  linkToBeSigned,
  MadoguchiError,
  toBeSigned,
  type AssertionRequest,
  type AssertionResponse,
  type Challenge,
  type CreateChallengeRequest,
  type HolderLinksResponse,
  type LinkRequest,
  type LinkResponse,
  type ReuseRequest,
  type ServiceInfo,
} from '@madoguchi/protocol';
import type { ServerClient } from '../../src/protocol/server-api';

/**
 * The auth-server's challenge and assertion logic, as far as the bridge can tell: issues challenges bound to this
 * device, checks the card's signature over toBeSigned(challenge) with the certificate's key, and uses each challenge
 * once. Used directly as a ServerClient by domain tests, and behind node:http by fake-auth-server.ts.
 */
export class FakeAuthority implements ServerClient {
  readonly challenges = new Map<string, Challenge & { used: boolean }>();
  /** Every request body the server received, as JSON text (the PIN must be in none of them). */
  readonly bodies: string[] = [];
  down = false;
  /** Services registered with `sign` assurance (a login to them needs the sign key); every other one is `auth`. */
  readonly signServices = new Set<string>();

  constructor(readonly deviceId = 'box-0001-test') {}

  async createChallenge(request: CreateChallengeRequest): Promise<Challenge> {
    this.#receive(request);
    const challenge: Challenge = {
      challengeId: randomBytes(16).toString('base64url'),
      nonce: randomBytes(32).toString('base64url'),
      serviceId: request.serviceId,
      deviceId: this.deviceId,
      purpose: request.purpose,
      expiresAt: new Date(Date.now() + 120_000).toISOString(),
    };
    this.challenges.set(challenge.challengeId, { ...challenge, used: false });
    return challenge;
  }

  async serviceInfo(serviceId: string): Promise<ServiceInfo> {
    this.#receive({});
    return {
      id: serviceId,
      name: 'fake',
      assurance: this.signServices.has(serviceId) ? 'sign' : 'auth',
      recentLoginSeconds: 0,
      facts: { allowed: [], sources: [] },
      redirectUris: [],
    };
  }

  async submitAssertion(request: AssertionRequest): Promise<AssertionResponse> {
    this.#receive(request);
    return this.#accept(request, toBeSigned);
  }

  /** Checks the auth signature over linkToBeSigned; the real server (test/interface/auth-server.test.ts) does more. */
  async createLink(request: LinkRequest): Promise<LinkResponse> {
    this.#receive(request);
    const { tokens } = await this.#accept(request, (c) =>
      linkToBeSigned(c, request.consent, request.cardInfo),
    );
    const now = new Date().toISOString();
    return {
      tokens,
      link: {
        serviceId: this.challenges.get(request.challengeId)!.serviceId,
        serviceName: 'fake',
        status: 'active',
        linkedAt: now,
        lastUsedAt: now,
        factsShared: request.consent.facts,
        factsSource: request.cardInfo ? 'card-info' : request.sign ? 'sign-cert' : null,
      },
    };
  }

  async reuseLogin(request: ReuseRequest): Promise<AssertionResponse> {
    this.#receive(request);
    throw new MadoguchiError('FRESH_LOGIN_REQUIRED', 'the fake never reuses');
  }

  async holderLinks(): Promise<HolderLinksResponse> {
    this.#receive({});
    return { links: [] };
  }

  async removeHolderLink(): Promise<void> {
    this.#receive({});
    throw new MadoguchiError('NOT_FOUND', 'no links here');
  }

  async #accept(request: AssertionRequest, signed: (c: Challenge) => Uint8Array): Promise<AssertionResponse> {
    const challenge = this.challenges.get(request.challengeId);
    if (!challenge) throw new MadoguchiError('CHALLENGE_UNKNOWN', 'no such challenge');
    if (challenge.used) throw new MadoguchiError('CHALLENGE_USED', 'challenge already used');
    challenge.used = true;
    const key = new X509Certificate(Buffer.from(request.certificate, 'base64url')).publicKey;
    const ok = verify(
      'sha256',
      signed(challenge),
      { key, padding: constants.RSA_PKCS1_PADDING },
      Buffer.from(request.signature, 'base64url'),
    );
    if (!ok) throw new MadoguchiError('SIGNATURE_INVALID', 'the signature does not verify');
    if (this.signServices.has(challenge.serviceId) && request.keyKind !== 'sign') {
      throw new MadoguchiError('ASSURANCE_INSUFFICIENT', 'this service needs the signature key (sign PIN)');
    }
    return {
      tokens: {
        tokenType: 'Bearer',
        accessToken: `at-${challenge.challengeId}`,
        idToken: 'id',
        expiresIn: 300,
        acr: request.keyKind,
      },
    };
  }

  #receive(body: unknown): void {
    this.bodies.push(JSON.stringify(body));
    if (this.down) throw new MadoguchiError('SERVER_UNREACHABLE', 'the auth-server is down');
  }
}
