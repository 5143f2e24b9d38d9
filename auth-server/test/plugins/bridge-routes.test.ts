import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { decodeJwt } from 'jose';
import { simLayout } from '@madoguchi/jpki-card';
import { DEVICE_HEADER, parseSerialList } from '@madoguchi/protocol';
import { importSerialList } from '../../src/domain/import-serial-list';
import { main } from '../../src/interface/cli';
import { pairwiseSubject } from '../../src/tokens/pairwise-subject';
import {
  assertion,
  buildPki,
  challenge,
  deviceHeaders,
  enrol,
  newDevice,
  post,
  startServer,
  type TestPki,
  type TestServer,
} from '../helpers/fixture';

let pki: TestPki;
beforeAll(async () => {
  pki = await buildPki();
}, 60_000);
afterAll(() => pki.cleanup());

let server: TestServer;
beforeEach(async () => {
  server = await startServer(pki);
});
afterEach(() => server.close());

const deviceAudit = () =>
  server.deps.store.queryAudit({}).then((r) => r.filter((a) => a.action === 'device'));

describe('device request signatures', () => {
  const body = { serviceId: 'gyosei', purpose: 'login' };

  it('refuses an unknown device: DEVICE_UNKNOWN, audited', async () => {
    const res = await post(server, newDevice('never-enrolled'), '/v1/challenges', body);
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'DEVICE_UNKNOWN' });
    expect(await deviceAudit()).toEqual([
      expect.objectContaining({ code: 'DEVICE_UNKNOWN', deviceId: 'never-enrolled' }),
    ]);
  });

  it('refuses a request with no signature headers: DEVICE_UNKNOWN', async () => {
    const res = await server.app.inject({ method: 'POST', url: '/v1/challenges', payload: body });
    expect(res.json()).toMatchObject({ code: 'DEVICE_UNKNOWN' });
  });

  it('refuses a revoked device: DEVICE_REVOKED', async () => {
    const device = await enrol(server);
    await server.deps.store.revokeDevice(device.deviceId, server.clock.now());
    const res = await post(server, device, '/v1/challenges', body);
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'DEVICE_REVOKED' });
  });

  it('refuses a signature by another key, a tampered body, and a stale timestamp: SIGNATURE_INVALID', async () => {
    const device = await enrol(server);
    const impostor = { ...newDevice(device.deviceId) };
    expect((await post(server, impostor, '/v1/challenges', body)).json()).toMatchObject({
      code: 'SIGNATURE_INVALID',
    });

    const signedFor = JSON.stringify(body);
    const headers = deviceHeaders(device, 'POST', '/v1/challenges', signedFor, server.clock.now());
    const tampered = await server.app.inject({
      method: 'POST',
      url: '/v1/challenges',
      payload: JSON.stringify({ ...body, serviceId: 'bosai' }),
      headers: { 'content-type': 'application/json', ...headers },
    });
    expect(tampered.json()).toMatchObject({ code: 'SIGNATURE_INVALID' });

    const old = deviceHeaders(
      device,
      'POST',
      '/v1/challenges',
      signedFor,
      new Date(server.clock.now().getTime() - 301_000),
    );
    const stale = await server.app.inject({
      method: 'POST',
      url: '/v1/challenges',
      payload: signedFor,
      headers: { 'content-type': 'application/json', ...old },
    });
    expect(stale.json()).toMatchObject({ code: 'SIGNATURE_INVALID' });
    expect((await deviceAudit()).map((a) => a.code)).toEqual([
      'SIGNATURE_INVALID',
      'SIGNATURE_INVALID',
      'SIGNATURE_INVALID',
    ]);
  });

  it('enrols a device from the CLI with its public key PEM', async () => {
    const device = newDevice('living-room-01');
    const keyFile = path.join(server.config.stateDir, 'box.pem');
    writeFileSync(keyFile, device.publicKeyPem);
    const configFile = path.join(server.config.stateDir, 'config.json');
    writeFileSync(configFile, JSON.stringify({ ...server.config }));
    const out: string[] = [];
    const code = await main(
      ['--config', configFile, 'enrol-device', '--id', 'living-room-01', '--public-key', keyFile],
      {},
      (l) => out.push(l),
      (l) => out.push(l),
    );
    expect({ code, out }).toEqual({ code: 0, out: ['enrolled living-room-01'] });
    expect((await post(server, device, '/v1/challenges', body)).statusCode).toBe(201);
  });
});

describe('POST /v1/challenges', () => {
  it('issues a 32-byte nonce bound to service, device and purpose, valid for the configured TTL, audited', async () => {
    const device = await enrol(server);
    const c = await challenge(server, device, 'bosai', 'link');
    expect(Buffer.from(c.nonce, 'base64url')).toHaveLength(32);
    expect(c).toMatchObject({ serviceId: 'bosai', deviceId: device.deviceId, purpose: 'link' });
    expect(Date.parse(c.expiresAt) - server.clock.now().getTime()).toBe(120_000);
    expect(await server.deps.store.queryAudit({ outcome: 'accepted' })).toEqual([
      expect.objectContaining({ action: 'challenge', serviceId: 'bosai', deviceId: device.deviceId }),
    ]);
  });

  it('refuses an unconfigured service: SERVICE_UNKNOWN', async () => {
    const device = await enrol(server);
    const res = await post(server, device, '/v1/challenges', { serviceId: 'casino', purpose: 'login' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'SERVICE_UNKNOWN' });
  });

  it('refuses a malformed body: BAD_MESSAGE, no stack', async () => {
    const device = await enrol(server);
    for (const bad of [
      '{"serviceId":"gyosei"}',
      '{not json',
      '{"serviceId":"gyosei","purpose":"login","x":1}',
    ]) {
      const res = await post(server, device, '/v1/challenges', bad);
      expect(res.statusCode).toBe(400);
      expect(Object.keys(res.json())).toEqual(['code', 'message']);
      expect(res.json().code).toBe('BAD_MESSAGE');
    }
  });
});

describe('holders (共通ID)', () => {
  async function subjectFor(card: string, serviceId = 'gyosei', keyKind: 'auth' | 'sign' = 'auth') {
    const device = await enrol(server);
    const c = await challenge(server, device, serviceId);
    const res = await post(server, device, '/v1/assertions', assertion(pki.profile(card), c, keyKind));
    return {
      status: res.statusCode,
      body: res.json(),
      sub: res.statusCode === 200 ? decodeJwt(res.json().tokens.idToken).sub : undefined,
    };
  }

  it('gives one holder the same subject per service, and different subjects across services', async () => {
    const a = await subjectFor('valid', 'gyosei');
    const b = await subjectFor('valid', 'gyosei');
    const c = await subjectFor('valid', 'bosai');
    expect(a.sub).toBe(b.sub);
    expect(c.sub).not.toBe(a.sub);
    expect((await subjectFor('one-try-left', 'gyosei')).sub).not.toBe(a.sub);
  });

  it('keeps the holder of a renewed card after the serial list is imported (CLI)', async () => {
    const before = await holderOfOldCard();
    const configFile = path.join(server.config.stateDir, 'config.json');
    writeFileSync(configFile, JSON.stringify(server.config));
    const list = path.join(server.config.stateDir, 'serials.csv');
    copyFileSync(serialList(), list);
    const out: string[] = [];
    expect(await main(['--config', configFile, 'import-serial-list', list], {}, (l) => out.push(l))).toBe(0);
    expect(JSON.parse(out[0]!)).toMatchObject({ added: 2, merged: 0 });
    const after = await subjectFor('renewed-new');
    expect(after.status).toBe(200);
    expect(after.sub).toBe(before);
  });

  it('merges a renewed card that logged in before the serial list arrived', async () => {
    const old = await holderOfOldCard();
    const early = await subjectFor('renewed-new');
    expect(early.sub).not.toBe(old);
    const result = await importSerialList(
      server.deps.store,
      parseSerialList(readFileSync(serialList(), 'utf8')),
    );
    expect(result.merged).toBe(1);
    expect((await subjectFor('renewed-new')).sub).toBe(old);
  });

  it('refuses a suspended holder: HOLDER_SUSPENDED', async () => {
    expect((await subjectFor('valid')).status).toBe(200);
    const cert = server.deps.certificates.parse(Buffer.from(pki.profile('valid').jpki.authCert, 'base64'));
    const holder = await server.deps.store.findHolder({ issuer: cert.issuer, serial: cert.serial });
    await server.deps.store.setHolderStatus(holder!.holderId, 'suspended');
    const res = await subjectFor('valid');
    expect(res.body).toMatchObject({ code: 'HOLDER_SUSPENDED' });
  });

  it('does not let a revoked signature certificate affect authentication logins', async () => {
    const sign = await subjectFor('name-changed', 'kotsu', 'sign');
    expect(sign.body).toMatchObject({ code: 'CERT_REVOKED' });
    expect((await subjectFor('name-changed', 'gyosei', 'auth')).status).toBe(200);
  });

  it('accepts a sign-key login for a sign service (acr sign) and refuses an auth-key one: ASSURANCE_INSUFFICIENT', async () => {
    const ok = await subjectFor('valid', 'kotsu', 'sign');
    expect(ok.status).toBe(200);
    expect(ok.body.tokens.acr).toBe('sign');
    expect((await subjectFor('valid', 'kotsu', 'auth')).body).toMatchObject({
      code: 'ASSURANCE_INSUFFICIENT',
    });
  });

  const serialList = () => path.join(simLayout(pki.dir).ca, 'serial-list.csv');

  /**
   * The renewed-old card logged in while it was valid; today's CRL lists it (superseded), so its holder is made
   * the way that login made it. Returns the subject gyosei saw.
   */
  /** The old card's holder, linked to gyosei before the renewal (its certificate is superseded now). */
  async function holderOfOldCard(): Promise<string> {
    const cert = server.deps.certificates.parse(
      Buffer.from(pki.profile('renewed-old').jpki.authCert, 'base64'),
    );
    const { store } = server.deps;
    const holder = await store.bindCertificate(
      { issuer: cert.issuer, serial: cert.serial },
      null,
      server.clock.now(),
    );
    const subject = pairwiseSubject(server.deps.secrets.pairwiseSecret, holder.holderId, 'gyosei');
    await store.activateLink({
      holderId: holder.holderId,
      serviceId: 'gyosei',
      subject,
      at: server.clock.now(),
    });
    return subject;
  }
});

describe('operations', () => {
  it('answers /healthz, /readyz, /metrics and /openapi.json', async () => {
    expect((await server.app.inject('/healthz')).json()).toEqual({ status: 'ok' });
    expect((await server.app.inject('/readyz')).statusCode).toBe(200);
    const device = await enrol(server);
    await post(
      server,
      device,
      '/v1/assertions',
      assertion(pki.profile('revoked'), await challenge(server, device)),
    );
    const metrics = (await server.app.inject('/metrics')).body;
    expect(metrics).toContain('madoguchi_verifications_total{outcome="refused",code="CERT_REVOKED"} 1');
    expect(metrics).toMatch(/madoguchi_crl_age_seconds\{kind="auth",source="[^"]+"\} 60/);
    expect(metrics).toContain('madoguchi_verification_seconds_bucket');
    const openapi = (await server.app.inject('/openapi.json')).json();
    expect(Object.keys(openapi.paths)).toEqual(expect.arrayContaining(['/v1/challenges', '/v1/assertions']));
  });

  it('answers an unknown route with NOT_FOUND', async () => {
    expect((await server.app.inject('/nope')).json()).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('serves the audit and CRL refresh to the operator only', async () => {
    expect((await server.app.inject('/v1/admin/audit')).json()).toMatchObject({
      code: 'OPERATOR_UNAUTHORIZED',
    });
    const authorization = `Bearer ${server.deps.secrets.operatorToken}`;
    const device = newDevice('unknown-box');
    await post(server, device, '/v1/challenges', { serviceId: 'gyosei', purpose: 'login' });
    const audit = await server.app.inject({
      url: '/v1/admin/audit?outcome=refused&limit=5',
      headers: { authorization },
    });
    expect(audit.json().records).toEqual([
      expect.objectContaining({ code: 'DEVICE_UNKNOWN', deviceId: 'unknown-box' }),
    ]);
    const bad = await server.app.inject({ url: '/v1/admin/audit?limit=zero', headers: { authorization } });
    expect(bad.json()).toMatchObject({ code: 'BAD_MESSAGE' });
    const refresh = await server.app.inject({
      method: 'POST',
      url: '/v1/admin/crl/refresh',
      headers: { authorization },
    });
    expect(refresh.json().crls).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'auth', thisUpdate: expect.any(String) })]),
    );
  });

  it('rate-limits a device: BUSY', async () => {
    await server.close();
    server = await startServer(pki, { rateLimit: { max: 2 } });
    const device = await enrol(server);
    const codes = [];
    for (let i = 0; i < 3; i++)
      codes.push(
        (await post(server, device, '/v1/challenges', { serviceId: 'gyosei', purpose: 'login' })).statusCode,
      );
    expect(codes).toEqual([201, 201, 429]);
  });

  it('never logs a device signature or the operator token', async () => {
    await server.close();
    const lines: string[] = [];
    server = await startServer(
      pki,
      { logLevel: 'trace' },
      { logStream: { write: (l: string) => void lines.push(l) } },
    );
    const device = await enrol(server);
    const body = JSON.stringify({ serviceId: 'gyosei', purpose: 'login' });
    const headers = deviceHeaders(device, 'POST', '/v1/challenges', body, server.clock.now());
    await server.app.inject({
      method: 'POST',
      url: '/v1/challenges',
      payload: body,
      headers: { 'content-type': 'application/json', ...headers },
    });
    await server.app.inject({
      url: '/v1/admin/audit',
      headers: { authorization: `Bearer ${server.deps.secrets.operatorToken}` },
    });
    const log = lines.join('');
    expect(log).toContain('/v1/challenges');
    expect(log).not.toContain(headers[DEVICE_HEADER.SIGNATURE]!);
    expect(log).not.toContain(server.deps.secrets.operatorToken);
  });
});
