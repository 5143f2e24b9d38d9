import { decodeJwt } from 'jose';
import { claimsToFacts, type LinkResponse } from '@madoguchi/protocol';
import { parseConfig } from '../../src/config/load-config';
import { buildPki, enrol, post, startServer, type TestPki, type TestServer } from '../helpers/fixture';
import {
  claimsOf,
  holderCall,
  introspect,
  link,
  linkRequest,
  login,
  SAMPLE_SERVICES,
  serviceAuth,
  tokensOf,
} from '../helpers/links';
import { challenge } from '../helpers/fixture';

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

const valid = () => pki.profile('valid');
const holderLinks = async (device: Awaited<ReturnType<typeof enrol>>) => {
  const token = tokensOf(await login(server, device, valid(), 'holder')).accessToken;
  return (await holderCall(server, device, 'GET', '/v1/holder/links', token)).json();
};

describe('service registration', () => {
  const base = { stateDir: '/tmp/x' };
  it('refuses the reserved holder id, a duplicate id and an unknown fact, naming the key', () => {
    expect(() => parseConfig({ ...base, services: [{ id: 'holder' }] })).toThrow(/services\.0\.id.*reserved/);
    expect(() => parseConfig({ ...base, services: [{ id: 'aa' }, { id: 'aa' }] })).toThrow(/services\.1\.id/);
    expect(() =>
      parseConfig({ ...base, services: [{ id: 'aa', facts: { allowed: ['myNumber'] } }] }),
    ).toThrow(/services\.0\.facts\.allowed\.0/);
  });

  it('publishes what the consent screen shows, never the holder audience', async () => {
    const res = await server.app.inject({ url: '/v1/services/kotsu' });
    expect(res.json()).toEqual({
      id: 'kotsu',
      name: '美波バス',
      assurance: 'auth',
      recentLoginSeconds: 0,
      facts: { allowed: ['dateOfBirth'], sources: ['card-info'] },
      redirectUris: [],
    });
    expect((await server.app.inject({ url: '/v1/services/holder' })).json().code).toBe('SERVICE_UNKNOWN');
  });

  it('never releases more than registered: other facts or another source are FACTS_NOT_ALLOWED, nothing linked', async () => {
    const device = await enrol(server);
    const refused = [
      await link(server, device, valid(), 'bosai', { consent: ['name'] }),
      await link(server, device, valid(), 'kotsu', { consent: ['dateOfBirth', 'address'] }),
      await link(server, device, valid(), 'kotsu', { consent: ['dateOfBirth'], source: 'sign-cert' }),
    ];
    expect(refused.map((r) => [r.statusCode, r.json().code])).toEqual(
      Array(3).fill([403, 'FACTS_NOT_ALLOWED']),
    );
    expect((await holderLinks(device)).links).toEqual([]);
  });
});

describe('links with consent', () => {
  it('links kotsu with the date of birth from the card-info AP: only that fact, the source in the token', async () => {
    const device = await enrol(server);
    const res = await link(server, device, valid(), 'kotsu', { consent: ['dateOfBirth'] });
    const body = res.json<LinkResponse>();
    const claims = decodeJwt(body.tokens.idToken);
    expect(claims).toMatchObject({ aud: 'kotsu', birthdate: '1944-03-15', facts_source: 'card-info' });
    expect(claims).not.toHaveProperty('name');
    expect(claims).not.toHaveProperty('address');
    expect(body.link).toMatchObject({ serviceId: 'kotsu', status: 'active', factsShared: ['dateOfBirth'] });
    // The store keeps which facts and a version, the audit a hash of the certificate: neither the facts.
    const stored = await server.deps.store.listLinks(
      (await server.deps.store.findHoldersBySerial(pki.manifest[0]!.serials.auth))[0]!.holderId,
    );
    expect(JSON.stringify(stored)).not.toMatch(/1944|窓口|徳島/);
    expect(stored[0]!.facts).toMatchObject({
      shared: ['dateOfBirth'],
      source: 'card-info',
      certificate: null,
    });
    const audit = await server.deps.store.queryAudit({});
    expect(audit.some((a) => a.action === 'link' && a.outcome === 'accepted')).toBe(true);
    expect(JSON.stringify(audit)).not.toMatch(/1944|窓口|徳島/);
  });

  it('links gyosei with the four facts of the verified signature certificate (auth + sign key)', async () => {
    const device = await enrol(server);
    const all = ['name', 'address', 'dateOfBirth', 'sex'] as const;
    const res = await link(server, device, valid(), 'gyosei', { consent: [...all], source: 'sign-cert' });
    const claims = claimsOf(res);
    expect(claims.facts_source).toBe('sign-cert');
    expect(claimsToFacts(claims)).toEqual(valid().cardInfo.basicFour);
    // The sign certificate now belongs to the same holder: a later sign-key login finds the same subject.
    const sub = claims.sub;
    expect(claimsOf(await login(server, device, valid(), 'gyosei', 'sign')).sub).toBe(sub);
  });

  it('refuses facts changed after the card signed them: SIGNATURE_INVALID, nothing linked', async () => {
    const device = await enrol(server);
    const c = await challenge(server, device, 'kotsu', 'link');
    const request = linkRequest(valid(), c, { consent: ['dateOfBirth'] });
    const forged = { ...request, cardInfo: { ...request.cardInfo!, dateOfBirth: '19300101' } };
    expect((await post(server, device, '/v1/links', forged)).json().code).toBe('SIGNATURE_INVALID');
    // Facts sent (and signed) without consent to release any: refused, not quietly dropped.
    const c2 = await challenge(server, device, 'kotsu', 'link');
    const unconsented = linkRequest(valid(), c2, { consent: [], source: 'card-info' });
    expect((await post(server, device, '/v1/links', unconsented)).json().code).toBe('BAD_MESSAGE');
    expect((await holderLinks(device)).links).toEqual([]);
  });

  it('consent refused: the bridge sends nothing, so nothing is linked and a login is LINK_REQUIRED', async () => {
    const device = await enrol(server);
    const res = await login(server, device, valid(), 'byoin');
    expect([res.statusCode, res.json().code]).toEqual([403, 'LINK_REQUIRED']);
    expect((await holderLinks(device)).links).toEqual([]);
    // Consent to the link alone releases no fact.
    const linked = await link(server, device, valid(), 'byoin');
    expect(Object.keys(claimsOf(linked))).not.toContain('name');
    expect(claimsOf(linked)).not.toHaveProperty('facts_source');
    expect(claimsOf(await login(server, device, valid(), 'byoin')).sub).toBe(claimsOf(linked).sub);
  });
});

describe('a name or address change seen in the card-info facts', () => {
  const statuses = async (device: Awaited<ReturnType<typeof enrol>>) =>
    Object.fromEntries(
      ((await holderLinks(device)) as { links: Array<{ serviceId: string; status: string }> }).links.map(
        (l) => [l.serviceId, l.status],
      ),
    );

  it('marks relink-required the services whose card-info facts changed, and only those', async () => {
    const device = await enrol(server);
    const card = valid();
    expect((await link(server, device, card, 'byoin', { consent: ['name', 'dateOfBirth'] })).statusCode).toBe(
      200,
    );
    expect((await link(server, device, card, 'kotsu', { consent: ['dateOfBirth'] })).statusCode).toBe(200);
    expect(await statuses(device)).toEqual({ byoin: 'active', kotsu: 'active' });

    // The same facts read again (a re-link of kotsu): nothing changed for anyone.
    expect((await link(server, device, card, 'kotsu', { consent: ['dateOfBirth'] })).statusCode).toBe(200);
    expect(await statuses(device)).toEqual({ byoin: 'active', kotsu: 'active' });

    // The holder changed name at city hall; the card-info AP now says so. kotsu, re-linked with it, received only
    // the date of birth (unchanged) and stays active; byoin holds the old name and is told to re-link.
    const renamed = { ...card.cardInfo.basicFour, name: '窓口 桜子' };
    const res = await link(server, device, card, 'kotsu', { consent: ['dateOfBirth'], cardInfo: renamed });
    expect(res.statusCode).toBe(200);
    expect(await statuses(device)).toEqual({ byoin: 'relink-required', kotsu: 'active' });
    const auth = await serviceAuth(server, 'byoin');
    const sub = claimsOf(await login(server, device, card, 'byoin')).sub!;
    const status = await server.app.inject({
      method: 'GET',
      url: `/v1/subjects/${sub}/status`,
      headers: { authorization: auth },
    });
    expect(status.json()).toMatchObject({ status: 'relink-required' });

    // byoin re-links with the new name: active again, and its token carries the new name.
    const relinked = await link(server, device, card, 'byoin', {
      consent: ['name', 'dateOfBirth'],
      cardInfo: renamed,
    });
    expect(claimsOf(relinked)).toMatchObject({ name: '窓口 桜子' });
    expect(await statuses(device)).toEqual({ byoin: 'active', kotsu: 'active' });
  });
});

describe("the holder's own view", () => {
  it('lists the links with when linked and last used, and removes one: the service loses access at once', async () => {
    const device = await enrol(server);
    const kotsu = tokensOf(await link(server, device, valid(), 'kotsu', { consent: ['dateOfBirth'] }));
    await link(server, device, valid(), 'bosai');
    server.clock.advance(60_000);
    await login(server, device, valid(), 'bosai');
    const holderToken = tokensOf(await login(server, device, valid(), 'holder')).accessToken;
    const listed = (await holderCall(server, device, 'GET', '/v1/holder/links', holderToken)).json();
    expect(listed.links).toEqual([
      expect.objectContaining({
        serviceId: 'bosai',
        serviceName: '美波町防災',
        factsShared: [],
        factsSource: null,
      }),
      expect.objectContaining({ serviceId: 'kotsu', factsShared: ['dateOfBirth'], factsSource: 'card-info' }),
    ]);
    expect(Date.parse(listed.links[0].lastUsedAt) - Date.parse(listed.links[0].linkedAt)).toBe(60_000);

    const auth = await serviceAuth(server, 'kotsu');
    expect((await introspect(server, auth, kotsu.accessToken)).json()).toMatchObject({
      active: true,
      status: 'linked',
    });
    const removed = await holderCall(server, device, 'DELETE', '/v1/holder/links/kotsu', holderToken);
    expect(removed.statusCode).toBe(204);
    expect((await introspect(server, auth, kotsu.accessToken)).json()).toEqual({
      active: false,
      status: 'unlinked',
      code: 'LINK_REQUIRED',
    });
    expect((await login(server, device, valid(), 'kotsu')).json().code).toBe('LINK_REQUIRED');
    // A new consent links again; the token from before the removal stays dead.
    server.clock.advance(1000);
    tokensOf(await link(server, device, valid(), 'kotsu'));
    expect((await introspect(server, auth, kotsu.accessToken)).json()).toMatchObject({ active: false });
    const audit = await server.deps.store.queryAudit({ serviceId: 'kotsu' });
    expect(audit.some((a) => a.action === 'unlink' && a.outcome === 'accepted')).toBe(true);
  });

  it('takes only a holder token, from the box it was issued to', async () => {
    const device = await enrol(server);
    const other = await enrol(server);
    const serviceToken = tokensOf(await link(server, device, valid(), 'bosai')).accessToken;
    const holderToken = tokensOf(await login(server, device, valid(), 'holder')).accessToken;
    const code = async (d: typeof device, token: string) =>
      (await holderCall(server, d, 'GET', '/v1/holder/links', token)).json().code;
    expect(await code(device, serviceToken)).toBe('TOKEN_INVALID');
    expect(await code(other, holderToken)).toBe('TOKEN_INVALID');
    expect(await code(device, 'x.y.z')).toBe('TOKEN_INVALID');
    // A service's credentials open nothing here: the routes want a box.
    const res = await server.app.inject({
      url: '/v1/holder/links',
      headers: { authorization: await serviceAuth(server, 'bosai') },
    });
    expect(res.json().code).toBe('DEVICE_UNKNOWN');
  });
});

describe('per-service PIN policy (recent login reuse)', () => {
  it('lets bosai (30 minutes) reuse a recent PIN login on the same box, keeping auth_time; others ask a PIN', async () => {
    const device = await enrol(server);
    await link(server, device, valid(), 'bosai');
    await link(server, device, valid(), 'gyosei');
    const pinLogin = tokensOf(await login(server, device, valid(), 'holder'));
    const authTime = decodeJwt(pinLogin.idToken).auth_time;
    server.clock.advance(20 * 60_000);
    const reuse = (serviceId: string) =>
      post(server, device, '/v1/logins/reuse', { serviceId, accessToken: pinLogin.accessToken });
    const reused = await reuse('bosai');
    expect(claimsOf(reused)).toMatchObject({ aud: 'bosai', auth_time: authTime });
    expect((await reuse('gyosei')).json().code).toBe('FRESH_LOGIN_REQUIRED');
    server.clock.advance(11 * 60_000);
    expect((await reuse('bosai')).json().code).toBe('FRESH_LOGIN_REQUIRED');
  });
});

describe('what a service can learn', () => {
  it('cannot obtain another service’s pairwise ID, token status or a holder’s links', async () => {
    const device = await enrol(server);
    const bosai = tokensOf(await link(server, device, valid(), 'bosai'));
    const kotsu = tokensOf(await link(server, device, valid(), 'kotsu'));
    const bosaiSub = decodeJwt(bosai.idToken).sub!;
    expect(decodeJwt(kotsu.idToken).sub).not.toBe(bosaiSub);
    const kotsuAuth = await serviceAuth(server, 'kotsu');
    // Another service's token: merely inactive, no subject, no reason.
    expect((await introspect(server, kotsuAuth, bosai.accessToken)).json()).toEqual({ active: false });
    // Another service's subject: unknown to this service.
    const status = await server.app.inject({
      url: `/v1/subjects/${bosaiSub}/status`,
      headers: { authorization: kotsuAuth },
    });
    expect(status.json()).toEqual({ sub: bosaiSub, status: 'unlinked', code: 'LINK_REQUIRED' });
    // Wrong or missing credentials: SERVICE_UNAUTHORIZED, audited.
    const wrong = `Basic ${Buffer.from('kotsu:guess').toString('base64')}`;
    expect((await introspect(server, wrong, kotsu.accessToken)).json().code).toBe('SERVICE_UNAUTHORIZED');
    expect((await server.deps.store.queryAudit({ code: 'SERVICE_UNAUTHORIZED' })).length).toBe(1);
  });
});
