import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openCa } from '@madoguchi/jpki-ca';
import { simLayout, type CardProfile } from '@madoguchi/jpki-card';
import type { SignatureVerdict } from '@madoguchi/protocol';
import { forgeCms, opensslCms, opensslVerifies, type SignKey } from '../helpers/cms';
import { buildPki, enrol, NOW, startServer, type TestPki, type TestServer } from '../helpers/fixture';
import { claimsOf, link, SAMPLE_SERVICES, serviceAuth } from '../helpers/links';

let pki: TestPki;
beforeAll(async () => {
  pki = await buildPki();
}, 60_000);
afterAll(() => pki.cleanup());

let server: TestServer;
beforeEach(async () => {
  server = await startServer(pki, { services: SAMPLE_SERVICES });
});
afterEach(() => server.close());

const APPLICATION = Buffer.from('住民票の写しの交付申請\n請求者: 窓口 花子\n通数: 1\n', 'utf8');
const signKeyOf = (card: CardProfile): SignKey => ({ cert: card.jpki.signCert!, key: card.jpki.signKey! });
const signCaPem = () => path.join(simLayout(pki.dir).ca, 'sign', 'g1', 'ca.pem');

/** One byte of the document changed inside the DER. */
function tamper(cms: Buffer): Buffer {
  const copy = Buffer.from(cms);
  const at = copy.indexOf(APPLICATION.subarray(0, 12));
  copy[at + 3]! ^= 0x01;
  return copy;
}

async function verify(serviceId: string, cms: Buffer, on: TestServer = server) {
  return on.app.inject({
    method: 'POST',
    url: '/v1/signatures/verify',
    headers: { authorization: await serviceAuth(on, serviceId) },
    payload: { cms: cms.toString('base64url') },
  });
}

describe('signed applications (CMS SignedData)', () => {
  it('openssl cms -verify accepts one made on the virtual card, and rejects it after one byte changes', () => {
    const card = pki.profile('valid');
    for (const cms of [
      forgeCms(signKeyOf(card), APPLICATION, NOW),
      opensslCms(signKeyOf(card), APPLICATION),
    ]) {
      expect(opensslVerifies(cms, signCaPem(), NOW)).toBe(true);
      expect(opensslVerifies(tamper(cms), signCaPem(), NOW)).toBe(false);
    }
  });

  it('gives gyosei the verdict, the document, the facts, and the signer’s subject once linked', async () => {
    const card = pki.profile('valid');
    const cms = forgeCms(signKeyOf(card), APPLICATION, NOW);
    const first = (await verify('gyosei', cms)).json<SignatureVerdict>();
    expect(first).toEqual({
      valid: true,
      code: null,
      signingTime: NOW.toISOString(),
      checks: { signature: true, chain: true, atSigningTime: true, now: true },
      content: APPLICATION.toString('base64url'),
      sub: null,
      facts: card.cardInfo.basicFour,
    });
    // openssl signs with this machine's clock, and a signing time later than the server's now is not taken as valid:
    // so this part runs on a server whose clock is this machine's, over a copy of the test CA with CRLs of now.
    const signed = opensslCms(signKeyOf(card), APPLICATION);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'madoguchi-pki-now-'));
    cpSync(pki.dir, dir, { recursive: true });
    const ca = await openCa(simLayout(dir).ca);
    for (const kind of ['auth', 'sign'] as const) await ca.publishCrl(kind, { now: new Date() });
    const current = await startServer({ ...pki, dir }, { services: SAMPLE_SERVICES });
    try {
      current.clock.set(new Date());
      await current.deps.crls.refresh();
      const device = await enrol(current);
      const linked = claimsOf(
        await link(current, device, card, 'gyosei', { consent: ['name'], source: 'sign-cert' }),
      );
      expect((await verify('gyosei', signed, current)).json()).toMatchObject({
        valid: true,
        sub: linked.sub,
      });
    } finally {
      await current.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a changed byte (SIGNATURE_INVALID) and a service not registered to verify', async () => {
    const cms = forgeCms(signKeyOf(pki.profile('valid')), APPLICATION, NOW);
    expect((await verify('gyosei', tamper(cms))).json()).toMatchObject({
      valid: false,
      code: 'SIGNATURE_INVALID',
      checks: { signature: false },
    });
    expect((await verify('gyosei', tamper(cms))).json()).not.toHaveProperty('facts');
    expect((await verify('bosai', cms)).json().code).toBe('SERVICE_UNAUTHORIZED');
    expect((await verify('gyosei', Buffer.from('not cms'))).json().code).toBe('BAD_MESSAGE');
  });

  it('tells a signature made before its certificate was revoked from one made after', async () => {
    const ca = await openCa(simLayout(pki.dir).ca);
    const card = pki.profile('valid');
    const issued = await ca.issue('sign', { facts: card.cardInfo.basicFour, now: NOW });
    const signer = { cert: Buffer.from(issued.certDer).toString('base64'), key: issued.privateKeyPem! };
    const before = forgeCms(signer, APPLICATION, new Date(NOW.getTime() + 60_000));
    const revokedAt = new Date(NOW.getTime() + 3_600_000);
    await ca.revoke('sign', issued.serial, 'keyCompromise', { now: revokedAt });
    const after = forgeCms(signer, APPLICATION, new Date(revokedAt.getTime() + 60_000));
    await ca.publishCrl('sign', { now: revokedAt });
    server.clock.set(new Date(revokedAt.getTime() + 120_000));
    await server.deps.crls.refresh();
    expect((await verify('gyosei', before)).json()).toMatchObject({
      valid: false,
      code: 'CERT_REVOKED',
      checks: { signature: true, chain: true, atSigningTime: true, now: false },
    });
    expect((await verify('gyosei', after)).json()).toMatchObject({
      checks: { atSigningTime: false, now: false },
    });
  });

  it('does not take a signing time later than now (beyond 5 minutes of clock skew) as valid at signing time', async () => {
    const signer = signKeyOf(pki.profile('valid'));
    const ahead = forgeCms(signer, APPLICATION, new Date(NOW.getTime() + 3_600_000));
    expect((await verify('gyosei', ahead)).json()).toMatchObject({
      valid: false,
      code: 'SIGNATURE_INVALID',
      checks: { signature: true, chain: true, atSigningTime: false, now: true },
    });
    const slightlyAhead = forgeCms(signer, APPLICATION, new Date(NOW.getTime() + 60_000));
    expect((await verify('gyosei', slightlyAhead)).json()).toMatchObject({ valid: true });
  });
});
