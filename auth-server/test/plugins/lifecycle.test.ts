import { X509Certificate } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { decodeJwt } from 'jose';
import { openCa } from '@madoguchi/jpki-ca';
import { simLayout, type CardProfile } from '@madoguchi/jpki-card';
import { claimsToFacts, parseSerialList } from '@madoguchi/protocol';
import { importSerialList } from '../../src/domain/import-serial-list';
import { main } from '../../src/interface/cli';
import { buildPki, enrol, startServer, NOW, type TestPki, type TestServer } from '../helpers/fixture';
import { claimsOf, introspect, link, login, SAMPLE_SERVICES, serviceAuth, tokensOf } from '../helpers/links';

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

const operator = (method: 'GET' | 'POST', url: string) =>
  server.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${server.deps.secrets.operatorToken}` },
  });

async function holderIdOf(card: CardProfile): Promise<string> {
  const { serialNumber: serial } = new X509Certificate(Buffer.from(card.jpki.authCert, 'base64'));
  const res = await operator('GET', `/v1/admin/holders?serial=${serial}`);
  return res.json().holders[0].holderId;
}

describe('a lost card', () => {
  it('suspended: every service refuses with HOLDER_SUSPENDED, outstanding tokens at once; links kept; reactivated', async () => {
    const device = await enrol(server);
    const card = pki.profile('valid');
    const tokens = Object.fromEntries(
      await Promise.all(
        ['gyosei', 'bosai', 'byoin', 'kotsu'].map(async (s) => [
          s,
          tokensOf(await link(server, device, card, s)),
        ]),
      ),
    );
    const holderId = await holderIdOf(card);
    const suspended = await operator('POST', `/v1/admin/holders/${holderId}/suspend`);
    expect(suspended.json()).toMatchObject({
      status: 'suspended',
      links: expect.arrayContaining([expect.anything()]),
    });
    expect(suspended.json().links).toHaveLength(4);

    for (const serviceId of ['gyosei', 'bosai', 'byoin', 'kotsu']) {
      const auth = await serviceAuth(server, serviceId);
      expect((await introspect(server, auth, tokens[serviceId]!.accessToken)).json()).toEqual({
        active: false,
        status: 'suspended',
        code: 'HOLDER_SUSPENDED',
      });
      const sub = decodeJwt(tokens[serviceId]!.idToken).sub;
      const status = await server.app.inject({
        url: `/v1/subjects/${sub}/status`,
        headers: { authorization: auth },
      });
      expect(status.json()).toMatchObject({ status: 'suspended', code: 'HOLDER_SUSPENDED' });
      expect((await login(server, device, card, serviceId)).json().code).toBe('HOLDER_SUSPENDED');
    }

    expect((await operator('POST', `/v1/admin/holders/${holderId}/reactivate`)).json().status).toBe('active');
    expect(claimsOf(await login(server, device, card, 'bosai')).sub).toBe(
      decodeJwt(tokens.bosai!.idToken).sub,
    );
    // Tokens from before the suspension stay ended.
    const auth = await serviceAuth(server, 'bosai');
    expect((await introspect(server, auth, tokens.bosai!.accessToken)).json()).toMatchObject({
      active: false,
      code: 'TOKEN_INVALID',
    });
    const actions = (await server.deps.store.queryAudit({})).map((a) => `${a.action}:${a.outcome}`);
    expect(actions).toEqual(expect.arrayContaining(['suspend:accepted', 'reactivate:accepted']));
  });

  it('abolished: the old card is CARD_ABOLISHED; the renewed card joins by the serial list with every link', async () => {
    const device = await enrol(server);
    const old = pki.profile('renewed-old');
    // The old card's certificate is superseded by now, so its earlier link is recorded directly.
    const cert = server.deps.certificates.parse(Buffer.from(old.jpki.authCert, 'base64'));
    const holder = await server.deps.store.bindCertificate(
      { issuer: cert.issuer, serial: cert.serial },
      null,
      NOW,
    );
    await server.deps.store.activateLink({
      holderId: holder.holderId,
      serviceId: 'byoin',
      subject: 'sub-byoin',
      at: NOW,
    });

    const configFile = path.join(server.config.stateDir, 'config.json');
    writeFileSync(configFile, JSON.stringify(server.config));
    const out: string[] = [];
    const cli = (...args: string[]) =>
      main(
        ['--config', configFile, ...args],
        {},
        (l) => out.push(l),
        () => undefined,
      );
    expect(await cli('abolish-holder', '--id', holder.holderId)).toBe(0);
    expect(JSON.parse(out.pop()!)).toMatchObject({ status: 'active', links: [{ serviceId: 'byoin' }] });
    expect(await server.deps.store.isCertificateAbolished({ issuer: cert.issuer, serial: cert.serial })).toBe(
      true,
    );

    await importSerialList(
      server.deps.store,
      parseSerialList(readFileSync(path.join(simLayout(pki.dir).ca, 'serial-list.csv'), 'utf8')),
    );
    // A card whose certificates are still valid at J-LIS is refused all the same once abolished here.
    const other = pki.profile('one-try-left');
    tokensOf(await link(server, device, other, 'byoin'));
    expect(await cli('abolish-holder', '--id', await holderIdOf(other))).toBe(0);
    expect((await login(server, device, other, 'byoin')).json().code).toBe('CARD_ABOLISHED');

    const renewed = await login(server, device, pki.profile('renewed-new'), 'byoin');
    expect(claimsOf(renewed).sub).toBe('sub-byoin');
    expect((await server.deps.store.queryAudit({})).some((a) => a.action === 'abolish')).toBe(true);
  });

  it('operator routes need the operator token; the CLI suspends and issues service secrets', async () => {
    const device = await enrol(server);
    tokensOf(await link(server, device, pki.profile('valid'), 'bosai'));
    const holderId = await holderIdOf(pki.profile('valid'));
    const anonymous = await server.app.inject({
      method: 'POST',
      url: `/v1/admin/holders/${holderId}/suspend`,
    });
    expect(anonymous.json().code).toBe('OPERATOR_UNAUTHORIZED');
    const configFile = path.join(server.config.stateDir, 'config.json');
    writeFileSync(configFile, JSON.stringify(server.config));
    const out: string[] = [];
    const cli = (...args: string[]) =>
      main(
        ['--config', configFile, ...args],
        {},
        (l) => out.push(l),
        () => undefined,
      );
    expect(await cli('suspend-holder', '--id', holderId)).toBe(0);
    expect((await login(server, device, pki.profile('valid'), 'bosai')).json().code).toBe('HOLDER_SUSPENDED');
    expect(await cli('issue-service-secret', '--id', 'bosai')).toBe(0);
    const secret = out.pop()!;
    const auth = `Basic ${Buffer.from(`bosai:${secret}`).toString('base64')}`;
    expect((await introspect(server, auth, 'a.b.c')).json()).toEqual({
      active: false,
      code: 'TOKEN_INVALID',
    });
    expect(await cli('issue-service-secret', '--id', 'casino')).toBe(1);
  });
});

describe('a name or address change', () => {
  it('marks the link for re-link when the signature certificate is revoked (affiliationChanged); re-linking joins the new one', async () => {
    const ca = await openCa(simLayout(pki.dir).ca);
    const card = pki.profile('name-changed');
    const facts = card.cardInfo.basicFour;
    const issue = async (address: string): Promise<CardProfile> => {
      const signCert = await ca.issue('sign', { facts: { ...facts, address }, now: NOW });
      return {
        ...card,
        jpki: {
          ...card.jpki,
          signCert: Buffer.from(signCert.certDer).toString('base64'),
          signKey: signCert.privateKeyPem!,
        },
      };
    };
    const before = await issue('徳島県海部郡美波町奥河内字本村18番地1');
    const device = await enrol(server);
    const first = claimsOf(
      await link(server, device, before, 'gyosei', { consent: ['name', 'address'], source: 'sign-cert' }),
    );
    const auth = await serviceAuth(server, 'gyosei');
    const status = () =>
      server.app.inject({ url: `/v1/subjects/${first.sub}/status`, headers: { authorization: auth } });
    expect((await status()).json().status).toBe('linked');

    // The city records the move: J-LIS revokes the old certificate (affiliationChanged) and issues a new one.
    const serial = server.deps.certificates.parse(Buffer.from(before.jpki.signCert!, 'base64')).serial;
    await ca.revoke('sign', serial, 'affiliationChanged', { now: NOW });
    const after = await issue('徳島県海部郡美波町日和佐浦1番地');
    await ca.publishCrl('sign', { now: NOW });
    await server.deps.crls.refresh();

    expect((await status()).json()).toEqual({ sub: first.sub, status: 'relink-required', code: null });
    const again = claimsOf(
      await link(server, device, after, 'gyosei', { consent: ['name', 'address'], source: 'sign-cert' }),
    );
    expect(again.sub).toBe(first.sub);
    expect(claimsToFacts(again).address).toBe('徳島県海部郡美波町日和佐浦1番地');
    expect(again.facts_version).not.toBe(first.facts_version);
    expect((await status()).json().status).toBe('linked');
  });
});
