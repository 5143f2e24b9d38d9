import type { CardProfile } from '@madoguchi/jpki-card';
import { importSerialList } from '../../src/domain/import-serial-list';
import { parseCertificate } from '../../src/verify/parse-certificate';
import {
  buildPki,
  enrol,
  post,
  startServer,
  type TestDevice,
  type TestPki,
  type TestServer,
} from '../helpers/fixture';
import { link } from '../helpers/links';

// POST /v1/challenges with the card's auth certificate: what a login would be refused for after the PIN is refused
// before it, audited as a refused challenge; everything else gets its challenge as before.
let pki: TestPki;
let server: TestServer;
let device: TestDevice;
beforeAll(async () => {
  pki = await buildPki();
}, 60_000);
afterAll(() => pki.cleanup());
beforeEach(async () => {
  server = await startServer(pki);
  device = await enrol(server);
});
afterEach(() => server.close());

const certOf = (card: CardProfile) => Buffer.from(card.jpki.authCert, 'base64').toString('base64url');
const ask = (serviceId: string, card: CardProfile | string, purpose: 'login' | 'link' = 'login') =>
  post(server, device, '/v1/challenges', {
    serviceId,
    purpose,
    certificate: typeof card === 'string' ? card : certOf(card),
  });
const challengeAudit = async () =>
  (await server.deps.store.queryAudit({})).filter((r) => r.action === 'challenge').map((r) => r.code);

describe('a login challenge with the card certificate', () => {
  it('refuses LINK_REQUIRED for a service the card never linked, before any PIN, and audits it', async () => {
    const res = await ask('gyosei', pki.profile('valid'));
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'LINK_REQUIRED' });
    expect(await challengeAudit()).toEqual(['LINK_REQUIRED']);
  });

  it('issues the challenge once the card is linked, and for the holder’s own view without a link', async () => {
    const card = pki.profile('valid');
    expect((await ask('holder', card)).statusCode).toBe(201);
    await link(server, device, card, 'gyosei');
    expect((await ask('gyosei', card)).statusCode).toBe(201);
  });

  it('refuses a revoked, a malformed and a wrong-CA certificate with their own codes', async () => {
    expect((await ask('gyosei', pki.profile('revoked'))).json()).toMatchObject({ code: 'CERT_REVOKED' });
    expect((await ask('gyosei', 'AAAA')).json()).toMatchObject({ code: 'CERT_MALFORMED' });
    expect((await ask('gyosei', pki.profile('wrong-ca'))).json()).toMatchObject({ code: 'CERT_UNTRUSTED' });
  });

  it('refuses a suspended holder HOLDER_SUSPENDED', async () => {
    const card = pki.profile('valid');
    await link(server, device, card, 'gyosei');
    const der = Buffer.from(card.jpki.authCert, 'base64');
    const { issuer, serial } = parseCertificate(der);
    const holder = (await server.deps.store.findHolder({ issuer, serial }))!;
    await server.deps.store.setHolderStatus(holder.holderId, 'suspended');
    expect((await ask('gyosei', card)).json()).toMatchObject({ code: 'HOLDER_SUSPENDED' });
  });

  it('lets a renewed card not yet seen through: the login binds it to its holder and links', async () => {
    const old = pki.profile('valid');
    await link(server, device, old, 'gyosei');
    const renewed = pki.profile('one-try-left');
    const from = parseCertificate(Buffer.from(old.jpki.authCert, 'base64'));
    const to = parseCertificate(Buffer.from(renewed.jpki.authCert, 'base64'));
    await importSerialList(server.deps.store, [
      {
        kind: 'auth',
        oldIssuer: from.issuer,
        oldSerial: from.serial,
        newSerial: to.serial,
        renewedAt: '2026-01-01T00:00:00Z',
      },
    ]);
    expect((await ask('gyosei', renewed)).statusCode).toBe(201);
  });

  it('takes a certificate with a login only', async () => {
    const res = await ask('gyosei', pki.profile('valid'), 'link');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'BAD_MESSAGE' });
  });
});
