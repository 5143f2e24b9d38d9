import { decodeJwt } from 'jose';
import {
  assertion,
  buildPki,
  challenge,
  enrol,
  ISSUED_AT,
  NOW,
  post,
  startServer,
  type TestDevice,
  type TestPki,
  type TestServer,
} from '../helpers/fixture';
import type { LightMyRequestResponse } from 'fastify';
import type { AuditRecord } from '@madoguchi/protocol';
import { certificateWith } from '../helpers/certificates';
import { login as plainLogin } from '../helpers/links';

let pki: TestPki;
beforeAll(async () => {
  pki = await buildPki();
}, 60_000);
afterAll(() => pki.cleanup());

let server: TestServer;
/** The last audit id before the test's own requests. */
let mark: number;
beforeEach(async () => {
  server = await startServer(pki);
  mark = 0;
});
afterEach(() => server.close());

/** The test's own assertion audit records. */
const auditSinceMark = async () =>
  (await server.deps.store.queryAudit({ afterId: mark })).filter((r) => r.action === 'assertion');

/** Links the valid card to gyosei on a new box (a first use) and marks the audit after it; returns the box. */
async function linkValidCard(): Promise<TestDevice> {
  const device = await enrol(server);
  const linking = await plainLogin(server, device, pki.profile('valid'), 'gyosei', 'auth', 'link');
  expect(linking.statusCode).toBe(200);
  mark = (await server.deps.store.queryAudit({})).at(-1)!.id;
  return device;
}

function expectRefused(
  result: { res: LightMyRequestResponse; audit: AuditRecord[] },
  code: string,
  status: number,
) {
  expect(result.res.json()).toMatchObject({ code });
  expect(result.res.statusCode).toBe(status);
  expect(result.audit).toEqual([expect.objectContaining({ outcome: 'refused', code })]);
}

/**
 * Every check, on both paths: a `link` challenge (consent; step by step) and a `login` one (a linked card: one write
 * that consumes the challenge and records the session and the audit). The valid card is linked to gyosei first.
 */
describe.each(['link', 'login'] as const)('POST /v1/assertions with a %s challenge', (purpose) => {
  beforeEach(linkValidCard);

  /** A login with `card` as far as the server's answer; returns it and the test's audit. */
  async function login(
    cardName: string,
    change: (a: ReturnType<typeof assertion>) => ReturnType<typeof assertion> = (a) => a,
    serviceId = 'gyosei',
  ) {
    const device = await enrol(server);
    const c = await challenge(server, device, serviceId, purpose);
    const res = await post(server, device, '/v1/assertions', change(assertion(pki.profile(cardName), c)));
    return { res, audit: await auditSinceMark() };
  }

  it('accepts a valid card: tokens for the service, audited as accepted with a certificate hash', async () => {
    const { res, audit } = await login('valid');
    expect(res.json()).not.toHaveProperty('code');
    expect(res.statusCode).toBe(200);
    const { tokens } = res.json();
    expect(tokens).toMatchObject({ tokenType: 'Bearer', acr: 'auth', expiresIn: 600 });
    expect(decodeJwt(tokens.idToken)).toMatchObject({
      aud: 'gyosei',
      acr: 'auth',
      iss: server.config.issuer,
    });
    expect(audit).toEqual([
      expect.objectContaining({
        outcome: 'accepted',
        code: null,
        serviceId: 'gyosei',
        certificateHash: expect.any(String),
      }),
    ]);
    expect(JSON.stringify(audit)).not.toContain(pki.manifest.find((m) => m.name === 'valid')!.serials.auth);
  });

  it('refuses a forged signature: SIGNATURE_INVALID', async () => {
    expectRefused(
      await login('valid', (a) => ({ ...a, signature: Buffer.alloc(256, 7).toString('base64url') })),
      'SIGNATURE_INVALID',
      401,
    );
  });

  it('refuses a signature by another card: SIGNATURE_INVALID', async () => {
    const other = assertion(pki.profile('renewed-new'), {
      challengeId: 'x',
      nonce: 'y',
      serviceId: 'gyosei',
      deviceId: 'z',
      purpose,
    });
    expectRefused(
      await login('valid', (a) => ({ ...a, signature: other.signature })),
      'SIGNATURE_INVALID',
      401,
    );
  });

  it('refuses garbage as a certificate: CERT_MALFORMED', async () => {
    expectRefused(await login('valid', (a) => ({ ...a, certificate: 'MIIBAAAA' })), 'CERT_MALFORMED', 400);
  });

  it('refuses a card of an untrusted CA: CERT_UNTRUSTED', async () => {
    expectRefused(await login('wrong-ca'), 'CERT_UNTRUSTED', 401);
  });

  it('refuses a signature certificate presented as an authentication one: CERT_UNTRUSTED', async () => {
    const card = pki.profile('valid');
    expectRefused(
      await login('valid', (a) => ({
        ...a,
        certificate: Buffer.from(card.jpki.signCert!, 'base64').toString('base64url'),
      })),
      'CERT_UNTRUSTED',
      401,
    );
  });

  it('refuses an expired card: CERT_EXPIRED', async () => {
    expectRefused(await login('expired'), 'CERT_EXPIRED', 401);
  });

  it('refuses a card not valid yet: CERT_NOT_YET_VALID', async () => {
    server.clock.set(new Date(ISSUED_AT.getTime() - 3_600_000));
    expectRefused(await login('valid'), 'CERT_NOT_YET_VALID', 401);
  });

  it('refuses a certificate without digitalSignature: CERT_KEY_USAGE', async () => {
    const der = certificateWith(pki, pki.profile('valid'), { keyUsage: ['keyEncipherment'] });
    expectRefused(await login('valid', (a) => ({ ...a, certificate: der })), 'CERT_KEY_USAGE', 401);
  });

  it('refuses a certificate without the JPKI auth policy: CERT_POLICY', async () => {
    const der = certificateWith(pki, pki.profile('valid'), { policy: '1.2.3.4' });
    expectRefused(await login('valid', (a) => ({ ...a, certificate: der })), 'CERT_POLICY', 401);
  });

  it('refuses a revoked card: CERT_REVOKED', async () => {
    expectRefused(await login('revoked'), 'CERT_REVOKED', 401);
  });

  it('refuses a card on hold (lost): CERT_REVOKED', async () => {
    expectRefused(await login('lost-hold'), 'CERT_REVOKED', 401);
  });

  it('refuses every card once the CRL is past nextUpdate + grace: CRL_STALE, never a pass', async () => {
    server.clock.set(new Date(NOW.getTime() + 26 * 3_600_000));
    expectRefused(await login('valid'), 'CRL_STALE', 503);
  });

  it('accepts within the grace period after nextUpdate', async () => {
    server.clock.set(new Date(ISSUED_AT.getTime() + 24.5 * 3_600_000));
    expect((await login('valid')).res.statusCode).toBe(200);
  });

  it('refuses an unknown challenge: CHALLENGE_UNKNOWN', async () => {
    expectRefused(
      await login('valid', (a) => ({ ...a, challengeId: 'A'.repeat(32) })),
      'CHALLENGE_UNKNOWN',
      401,
    );
  });

  it('refuses an expired challenge: CHALLENGE_EXPIRED, audited', async () => {
    const device = await enrol(server);
    const c = await challenge(server, device, 'gyosei', purpose);
    server.clock.advance(120_001);
    const res = await post(server, device, '/v1/assertions', assertion(pki.profile('valid'), c));
    expectRefused({ res, audit: await auditSinceMark() }, 'CHALLENGE_EXPIRED', 401);
  });

  it('refuses a used challenge: CHALLENGE_USED, audited', async () => {
    const device = await enrol(server);
    const c = await challenge(server, device, 'gyosei', purpose);
    const body = assertion(pki.profile('valid'), c);
    expect((await post(server, device, '/v1/assertions', body)).statusCode).toBe(200);
    const again = await post(server, device, '/v1/assertions', body);
    expect(again.json()).toMatchObject({ code: 'CHALLENGE_USED' });
    const audit = await server.deps.store.queryAudit({ code: 'CHALLENGE_USED' });
    expect(audit).toHaveLength(1);
  });

  it('refuses a challenge carried to another service: CHALLENGE_MISMATCH', async () => {
    const device = await enrol(server);
    const c = await challenge(server, device, 'gyosei', purpose);
    // The card signed the challenge bound to bosai (the viewer was shown bosai): useless for gyosei.
    const res = await post(
      server,
      device,
      '/v1/assertions',
      assertion(pki.profile('valid'), { ...c, serviceId: 'bosai' }),
    );
    expect(res.json()).toMatchObject({ code: 'CHALLENGE_MISMATCH' });
    expect(await server.deps.store.queryAudit({ code: 'CHALLENGE_MISMATCH' })).toHaveLength(1);
  });

  it('refuses a challenge submitted from another device: CHALLENGE_MISMATCH, audited', async () => {
    const mine = await enrol(server);
    const thief = await enrol(server);
    const c = await challenge(server, mine, 'gyosei', purpose);
    const res = await post(server, thief, '/v1/assertions', assertion(pki.profile('valid'), c));
    expect(res.json()).toMatchObject({ code: 'CHALLENGE_MISMATCH' });
    expect(await server.deps.store.queryAudit({ code: 'CHALLENGE_MISMATCH' })).toEqual([
      expect.objectContaining({ deviceId: thief.deviceId, outcome: 'refused' }),
    ]);
    // The owner can still use it.
    expect((await post(server, mine, '/v1/assertions', assertion(pki.profile('valid'), c))).statusCode).toBe(
      200,
    );
  });

  it('refuses an auth-key login to a sign service: ASSURANCE_INSUFFICIENT, audited', async () => {
    expectRefused(await login('valid', undefined, 'kotsu'), 'ASSURANCE_INSUFFICIENT', 403);
  });

  it('refuses a suspended holder: HOLDER_SUSPENDED, audited; the challenge is spent all the same', async () => {
    const cert = server.deps.certificates.parse(Buffer.from(pki.profile('valid').jpki.authCert, 'base64'));
    const holder = await server.deps.store.findHolder({ issuer: cert.issuer, serial: cert.serial });
    await server.deps.store.setHolderStatus(holder!.holderId, 'suspended');
    const device = await enrol(server);
    const c = await challenge(server, device, 'gyosei', purpose);
    const body = assertion(pki.profile('valid'), c);
    const res = await post(server, device, '/v1/assertions', body);
    expectRefused({ res, audit: await auditSinceMark() }, 'HOLDER_SUSPENDED', 403);
    // Consumption comes first in the order: the same answer again is CHALLENGE_USED, not HOLDER_SUSPENDED.
    await server.deps.store.setHolderStatus(holder!.holderId, 'active');
    expect((await post(server, device, '/v1/assertions', body)).json()).toMatchObject({
      code: 'CHALLENGE_USED',
    });
    expect((await auditSinceMark()).map((r) => r.code)).toEqual(['HOLDER_SUSPENDED', 'CHALLENGE_USED']);
  });
});

describe('POST /v1/assertions with a login challenge, after the link', () => {
  /** The valid card linked to gyosei on a box; returns the box and the card's holder. */
  async function linked() {
    const device = await linkValidCard();
    const cert = server.deps.certificates.parse(Buffer.from(pki.profile('valid').jpki.authCert, 'base64'));
    return {
      device,
      holder: (await server.deps.store.findHolder({ issuer: cert.issuer, serial: cert.serial }))!,
    };
  }

  async function loginTo(device: TestDevice, serviceId: string) {
    const res = await plainLogin(server, device, pki.profile('valid'), serviceId);
    return { res, audit: await auditSinceMark() };
  }

  it('records the session and marks the link used, in the step that consumes the challenge', async () => {
    const { device, holder } = await linked();
    server.clock.advance(5_000);
    const { res, audit } = await loginTo(device, 'gyosei');
    expect(res.statusCode).toBe(200);
    expect(audit).toEqual([
      expect.objectContaining({ outcome: 'accepted', code: null, serviceId: 'gyosei' }),
    ]);
    const { sid, sub } = decodeJwt(res.json().tokens.idToken);
    expect(await server.deps.store.getSession(sid as string)).toMatchObject({
      holderId: holder.holderId,
      deviceId: device.deviceId,
      authTime: server.clock.now(),
    });
    const link = await server.deps.store.getLink(holder.holderId, 'gyosei');
    expect(link).toMatchObject({ subject: sub, lastUsedAt: server.clock.now() });
  });

  it('refuses a service the card is not linked to: LINK_REQUIRED, audited, no session', async () => {
    const { device, holder } = await linked();
    const { res, audit } = await loginTo(device, 'bosai');
    expectRefused({ res, audit }, 'LINK_REQUIRED', 403);
    // The holder's sessions are the link's alone (counted by ending them).
    expect(await server.deps.store.revokeSessions(holder.holderId, server.clock.now())).toBe(1);
  });

  it('refuses a link the holder removed: LINK_REQUIRED', async () => {
    const { device, holder } = await linked();
    await server.deps.store.removeLink(holder.holderId, 'gyosei', server.clock.now());
    expectRefused(await loginTo(device, 'gyosei'), 'LINK_REQUIRED', 403);
  });

  it('refuses an abolished card: CARD_ABOLISHED, audited', async () => {
    const { device, holder } = await linked();
    await server.deps.store.abolishCertificates(holder.holderId, server.clock.now());
    expectRefused(await loginTo(device, 'gyosei'), 'CARD_ABOLISHED', 403);
  });
});
