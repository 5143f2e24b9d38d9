import { randomUUID } from 'node:crypto';
import type { Store } from '../../src/store/store';
import { describePostgres, startPostgres, type TestPostgres } from '../helpers/postgres';
import { postgresFactory, sqliteFactory, type StoreFactory } from '../helpers/stores';

/** One behavioural contract for every Store implementation. */
function storeContract(factory: () => StoreFactory): void {
  let f: StoreFactory;
  let store: Store;
  const t0 = new Date('2026-01-01T00:00:00Z');
  const at = (ms: number) => new Date(t0.getTime() + ms);

  beforeAll(() => {
    f = factory();
  });
  beforeEach(async () => {
    store = await f.open();
  });
  afterEach(() => store.close());
  afterAll(() => f.cleanup());

  const challenge = (over: Partial<Parameters<Store['createChallenge']>[0]> = {}) => ({
    challengeId: randomUUID(),
    nonce: 'bm9uY2U',
    serviceId: 'gyosei',
    deviceId: 'device-0001',
    purpose: 'login' as const,
    createdAt: t0,
    expiresAt: at(120_000),
    ...over,
  });

  it('migrates twice without harm', async () => {
    await store.migrate();
    await store.ping();
  });

  it('enrols a device once, finds it, revokes it once', async () => {
    const d = { deviceId: 'device-0001', publicKeyPem: 'PEM', label: 'living room', enrolledAt: t0 };
    expect(await store.enrolDevice(d)).toBe(true);
    expect(await store.enrolDevice({ ...d, publicKeyPem: 'OTHER' })).toBe(false);
    expect(await store.getDevice('device-0001')).toEqual({ ...d, revokedAt: null });
    expect(await store.getDevice('device-0002')).toBeUndefined();
    expect(await store.revokeDevice('device-0001', at(1000))).toBe(true);
    expect(await store.revokeDevice('device-0001', at(2000))).toBe(false);
    expect((await store.getDevice('device-0001'))?.revokedAt).toEqual(at(1000));
    expect(await store.listDevices()).toHaveLength(1);
  });

  it('stores a challenge and consumes it exactly once', async () => {
    const c = challenge();
    await store.createChallenge(c);
    expect(await store.getChallenge(c.challengeId)).toEqual({ ...c, usedAt: null });
    expect(await store.consumeChallenge(c.challengeId, c.deviceId, at(1000))).toBe('consumed');
    expect(await store.consumeChallenge(c.challengeId, c.deviceId, at(2000))).toBe('used');
    expect((await store.getChallenge(c.challengeId))?.usedAt).toEqual(at(1000));
  });

  it('says why a challenge cannot be consumed: unknown, expired, another device', async () => {
    const c = challenge();
    await store.createChallenge(c);
    expect(await store.consumeChallenge('no-such-challenge', c.deviceId, at(0))).toBe('unknown');
    expect(await store.consumeChallenge(c.challengeId, 'device-0002', at(0))).toBe('mismatch');
    expect(await store.consumeChallenge(c.challengeId, c.deviceId, at(120_000))).toBe('expired');
    expect((await store.getChallenge(c.challengeId))?.usedAt).toBeNull();
  });

  it('lets exactly one of 50 concurrent consumers win', async () => {
    const c = challenge();
    await store.createChallenge(c);
    const outcomes = await Promise.all(
      Array.from({ length: 50 }, () => store.consumeChallenge(c.challengeId, c.deviceId, at(1))),
    );
    expect(outcomes.filter((o) => o === 'consumed')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'used')).toHaveLength(49);
  });

  it("writes an accepted login's session, link use and audit only for the one consumer that wins", async () => {
    const h = await store.bindCertificate({ issuer: 'CN=ca', serial: '01' }, null, t0);
    await store.activateLink({ holderId: h.holderId, serviceId: 'gyosei', subject: 'sub', at: t0 });
    const c = challenge();
    await store.createChallenge(c);
    const accepted = (i: number) => ({
      session: {
        sid: `sid-${i}`,
        holderId: h.holderId,
        serviceId: 'gyosei',
        deviceId: c.deviceId,
        acr: 'auth' as const,
        authTime: at(5),
      },
      touchLink: true,
      audit: {
        at: at(5),
        action: 'assertion' as const,
        outcome: 'accepted' as const,
        code: null,
        deviceId: c.deviceId,
        serviceId: 'gyosei',
        certificateHash: `hash-${i}`,
      },
    });
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        store.consumeChallenge(c.challengeId, c.deviceId, at(5), accepted(i)),
      ),
    );
    const winner = outcomes.indexOf('consumed');
    expect(outcomes.filter((o) => o === 'consumed')).toHaveLength(1);
    const sessions = await Promise.all(outcomes.map((_, i) => store.getSession(`sid-${i}`)));
    expect(sessions.filter((s) => s !== undefined)).toEqual([
      { ...accepted(winner).session, revokedAt: null },
    ]);
    expect((await store.queryAudit({})).map((r) => r.certificateHash)).toEqual([`hash-${winner}`]);
    expect((await store.getLink(h.holderId, 'gyosei'))?.lastUsedAt).toEqual(at(5));
    // A refused consumption writes nothing: expired, with the same writes offered.
    const late = challenge();
    await store.createChallenge(late);
    expect(await store.consumeChallenge(late.challengeId, c.deviceId, at(120_000), accepted(99))).toBe(
      'expired',
    );
    expect(await store.getSession('sid-99')).toBeUndefined();
    expect(await store.queryAudit({})).toHaveLength(1);
    // All or nothing: a write that fails (the winner's session id again) leaves the challenge unconsumed.
    const again = challenge();
    await store.createChallenge(again);
    // (Matched by its code: better-sqlite3's native part keeps the error class of the first test file to load it,
    // which another file's `toThrow` does not take for an Error.)
    await expect(
      store.consumeChallenge(again.challengeId, c.deviceId, at(6), accepted(winner)),
    ).rejects.toMatchObject({ code: expect.stringMatching(/^(SQLITE_CONSTRAINT_PRIMARYKEY|23505)$/) });
    expect((await store.getChallenge(again.challengeId))?.usedAt).toBeNull();
    expect(await store.queryAudit({})).toHaveLength(1);
    expect((await store.getLink(h.holderId, 'gyosei'))?.lastUsedAt).toEqual(at(5));
  });

  it('reads the login state of a certificate: holder, abolished or not, and the link to one service', async () => {
    const cert = { issuer: 'CN=ca', serial: '01' };
    expect(await store.findLoginState(cert, 'gyosei')).toBeUndefined();
    const h = await store.bindCertificate(cert, null, t0);
    expect(await store.findLoginState(cert, 'gyosei')).toEqual({
      holder: h,
      abolished: false,
      link: undefined,
    });
    const link = await store.activateLink({
      holderId: h.holderId,
      serviceId: 'gyosei',
      subject: 's',
      at: t0,
    });
    await store.activateLink({ holderId: h.holderId, serviceId: 'bosai', subject: 's2', at: t0 });
    await store.abolishCertificates(h.holderId, at(1));
    expect(await store.findLoginState(cert, 'gyosei')).toEqual({ holder: h, abolished: true, link });
  });

  it('prunes challenges expired and sessions made before the given times, keeping the rest', async () => {
    const [old, fresh] = [challenge({ expiresAt: at(1000) }), challenge({ expiresAt: at(5000) })];
    await store.createChallenge(old);
    await store.createChallenge(fresh);
    const s = { holderId: 'h', serviceId: 'gyosei', deviceId: 'd', acr: 'auth' as const, authTime: t0 };
    await store.createSession({ ...s, sid: 'old' }, at(1000));
    // A reused login keeps its original auth_time but is as new as its tokens.
    await store.createSession({ ...s, sid: 'reused' }, at(5000));
    const pruned = await store.prune({ challengesExpiredBefore: at(2000), sessionsCreatedBefore: at(2000) });
    expect(pruned).toEqual({ challenges: 1, sessions: 1 });
    expect(await store.getChallenge(old.challengeId)).toBeUndefined();
    expect(await store.getChallenge(fresh.challengeId)).toBeDefined();
    expect(await store.getSession('old')).toBeUndefined();
    expect(await store.getSession('reused')).toBeDefined();
  });

  it('binds a certificate to one new holder, even when first logins race', async () => {
    const cert = { issuer: 'CN=ca', serial: 'AA01' };
    const holders = await Promise.all(
      Array.from({ length: 10 }, () => store.bindCertificate(cert, null, t0)),
    );
    expect(new Set(holders.map((h) => h.holderId)).size).toBe(1);
    expect(holders[0]).toMatchObject({ status: 'active', mergedInto: null, createdAt: t0 });
    expect(await store.findHolder(cert)).toEqual(holders[0]);
    expect(await store.findHolder({ issuer: 'CN=other', serial: 'AA01' })).toBeUndefined();
  });

  it('binds a second certificate to an existing holder, and never rebinds one', async () => {
    const first = await store.bindCertificate({ issuer: 'CN=ca', serial: '01' }, null, t0);
    const second = await store.bindCertificate({ issuer: 'CN=ca', serial: '02' }, first.holderId, t0);
    expect(second.holderId).toBe(first.holderId);
    const other = await store.bindCertificate({ issuer: 'CN=ca', serial: '03' }, null, t0);
    expect(
      (await store.bindCertificate({ issuer: 'CN=ca', serial: '03' }, first.holderId, t0)).holderId,
    ).toBe(other.holderId);
  });

  it('merges a holder into another and suspends a holder', async () => {
    const a = await store.bindCertificate({ issuer: 'CN=ca', serial: '01' }, null, t0);
    const b = await store.bindCertificate({ issuer: 'CN=ca', serial: '02' }, null, t0);
    await store.mergeHolder(b.holderId, a.holderId);
    expect((await store.findHolder({ issuer: 'CN=ca', serial: '02' }))?.holderId).toBe(a.holderId);
    expect(await store.getHolder(b.holderId)).toMatchObject({ status: 'merged', mergedInto: a.holderId });
    await store.setHolderStatus(a.holderId, 'suspended');
    expect((await store.getHolder(a.holderId))?.status).toBe('suspended');
  });

  const link = (holderId: string, serviceId = 'gyosei', ms = 0) =>
    store.activateLink({ holderId, serviceId, subject: `sub-${holderId}-${serviceId}`, at: at(ms) });
  const release = {
    shared: ['name', 'dateOfBirth'] as ('name' | 'dateOfBirth')[],
    source: 'sign-cert' as const,
    version: 'v1',
    certificate: { issuerKey: 'key', serial: 'AB' },
  };

  it('records a link once, even when first uses race, and finds it by holder and by subject', async () => {
    const h = await store.bindCertificate({ issuer: 'CN=ca', serial: '01' }, null, t0);
    const links = await Promise.all(Array.from({ length: 5 }, () => link(h.holderId)));
    expect(new Set(links.map((l) => l.subject)).size).toBe(1);
    expect(links[0]).toEqual({
      holderId: h.holderId,
      serviceId: 'gyosei',
      subject: `sub-${h.holderId}-gyosei`,
      status: 'active',
      linkedAt: t0,
      lastUsedAt: t0,
      removedAt: null,
      facts: null,
    });
    expect(await store.findLinkBySubject('gyosei', `sub-${h.holderId}-gyosei`)).toEqual(links[0]);
    expect(await store.findLinkBySubject('bosai', `sub-${h.holderId}-gyosei`)).toBeUndefined();
    await link(h.holderId, 'bosai', 5000);
    await store.touchLink(h.holderId, 'gyosei', at(9000));
    expect((await store.listLinks(h.holderId)).map((l) => [l.serviceId, l.lastUsedAt])).toEqual([
      ['bosai', at(5000)],
      ['gyosei', at(9000)],
    ]);
  });

  it('records a release of facts by version only, marks a re-link, and clears it with a new release', async () => {
    const h = await store.bindCertificate({ issuer: 'CN=ca', serial: '01' }, null, t0);
    await link(h.holderId);
    await store.recordFacts(h.holderId, 'gyosei', release);
    expect((await store.getLink(h.holderId, 'gyosei'))?.facts).toEqual(release);
    expect(await store.markRelink(h.holderId, 'gyosei')).toBe(true);
    expect(await store.markRelink(h.holderId, 'gyosei')).toBe(false);
    expect((await store.getLink(h.holderId, 'gyosei'))?.status).toBe('relink-required');
    // A plain login keeps the mark; only a new release clears it.
    expect((await link(h.holderId, 'gyosei', 1000)).status).toBe('relink-required');
    await store.recordFacts(h.holderId, 'gyosei', { ...release, version: 'v2', certificate: null });
    expect(await store.getLink(h.holderId, 'gyosei')).toMatchObject({
      status: 'active',
      facts: { version: 'v2', certificate: null },
    });
  });

  it('removes a link once; a new consent starts it afresh with nothing released', async () => {
    const h = await store.bindCertificate({ issuer: 'CN=ca', serial: '01' }, null, t0);
    await link(h.holderId);
    await store.recordFacts(h.holderId, 'gyosei', release);
    expect(await store.removeLink(h.holderId, 'gyosei', at(1000))).toBe(true);
    expect(await store.removeLink(h.holderId, 'gyosei', at(2000))).toBe(false);
    expect(await store.removeLink(h.holderId, 'bosai', at(2000))).toBe(false);
    expect(await store.listLinks(h.holderId)).toEqual([]);
    expect(await store.getLink(h.holderId, 'gyosei')).toMatchObject({
      status: 'removed',
      removedAt: at(1000),
    });
    await store.recordFacts(h.holderId, 'gyosei', { ...release, version: 'v9' }); // none to a removed link
    expect((await store.getLink(h.holderId, 'gyosei'))?.facts?.version).toBe('v1');
    const again = await link(h.holderId, 'gyosei', 3000);
    expect(again).toMatchObject({ status: 'active', linkedAt: at(3000), removedAt: null, facts: null });
    expect(again.subject).toBe(`sub-${h.holderId}-gyosei`);
  });

  it('moves certificates, sessions and links on a merge, keeping subjects, the target winning a clash', async () => {
    const a = await store.bindCertificate({ issuer: 'CN=ca', serial: '01' }, null, t0);
    const b = await store.bindCertificate({ issuer: 'CN=ca', serial: '02' }, null, t0);
    await link(a.holderId, 'gyosei');
    await link(b.holderId, 'gyosei');
    await link(b.holderId, 'bosai');
    await store.createSession({ ...session, sid: 'sid-b', holderId: b.holderId }, t0);
    await store.mergeHolder(b.holderId, a.holderId);
    expect((await store.listLinks(a.holderId)).map((l) => [l.serviceId, l.subject])).toEqual([
      ['bosai', `sub-${b.holderId}-bosai`],
      ['gyosei', `sub-${a.holderId}-gyosei`],
    ]);
    expect(await store.listLinks(b.holderId)).toEqual([]);
    expect((await store.getSession('sid-b'))?.holderId).toBe(a.holderId);
  });

  const session = {
    sid: 'sid-1',
    holderId: 'h',
    serviceId: 'gyosei',
    deviceId: 'device-0001',
    acr: 'auth' as const,
    authTime: t0,
  };

  it('keeps sessions and revokes every one of a holder at once', async () => {
    await store.createSession(session, t0);
    await store.createSession({ ...session, sid: 'sid-2', serviceId: 'bosai' }, t0);
    await store.createSession({ ...session, sid: 'sid-3', holderId: 'other' }, t0);
    expect(await store.getSession('sid-1')).toEqual({ ...session, revokedAt: null });
    expect(await store.revokeSessions('h', at(1000))).toBe(2);
    expect(await store.revokeSessions('h', at(2000))).toBe(0);
    expect((await store.getSession('sid-2'))?.revokedAt).toEqual(at(1000));
    expect((await store.getSession('sid-3'))?.revokedAt).toBeNull();
    expect(await store.getSession('nope')).toBeUndefined();
  });

  it('abolishes the certificates of a holder and finds holders by serial', async () => {
    const h = await store.bindCertificate({ issuer: 'CN=auth', serial: '0A' }, null, t0);
    await store.bindCertificate({ issuer: 'CN=sign', serial: '0B' }, h.holderId, t0);
    expect((await store.findHoldersBySerial('0B')).map((x) => x.holderId)).toEqual([h.holderId]);
    expect(await store.findHoldersBySerial('0C')).toEqual([]);
    expect(await store.isCertificateAbolished({ issuer: 'CN=auth', serial: '0A' })).toBe(false);
    expect(await store.abolishCertificates(h.holderId, at(1000))).toBe(2);
    expect(await store.abolishCertificates(h.holderId, at(2000))).toBe(0);
    expect(await store.isCertificateAbolished({ issuer: 'CN=auth', serial: '0A' })).toBe(true);
    expect(await store.isCertificateAbolished({ issuer: 'CN=other', serial: '0A' })).toBe(false);
  });

  it('stores one secret hash per service, replaced on reissue', async () => {
    expect(await store.getServiceSecret('gyosei')).toBeUndefined();
    await store.setServiceSecret('gyosei', 'hash-1', t0);
    await store.setServiceSecret('gyosei', 'hash-2', at(1000));
    expect(await store.getServiceSecret('gyosei')).toBe('hash-2');
  });

  it('records renewals once and finds the old serial of a new one', async () => {
    const row = { issuer: 'CN=ca', oldSerial: '01', newSerial: '02', renewedAt: t0 };
    expect(await store.addRenewals([row, { ...row, oldSerial: '02', newSerial: '03' }])).toBe(2);
    expect(await store.addRenewals([row])).toBe(0);
    expect(await store.findRenewalOf({ issuer: 'CN=ca', serial: '03' })).toMatchObject({ oldSerial: '02' });
    expect(await store.findRenewalOf({ issuer: 'CN=ca', serial: '01' })).toBeUndefined();
  });

  it('appends audit records and queries them by filter, in order', async () => {
    const base = {
      action: 'assertion' as const,
      deviceId: 'device-0001',
      serviceId: 'gyosei',
      certificateHash: 'h',
    };
    await store.appendAudit({ ...base, at: at(0), outcome: 'accepted', code: null });
    await store.appendAudit({ ...base, at: at(1000), outcome: 'refused', code: 'CERT_REVOKED' });
    await store.appendAudit({
      ...base,
      at: at(2000),
      outcome: 'refused',
      code: 'CHALLENGE_USED',
      deviceId: null,
    });
    const all = await store.queryAudit({});
    expect(all.map((r) => r.code)).toEqual([null, 'CERT_REVOKED', 'CHALLENGE_USED']);
    expect(all[0]).toMatchObject({ at: at(0).toISOString(), outcome: 'accepted', certificateHash: 'h' });
    expect((await store.queryAudit({ outcome: 'refused' })).length).toBe(2);
    expect((await store.queryAudit({ code: 'CERT_REVOKED' })).length).toBe(1);
    expect(
      (await store.queryAudit({ since: at(1000).toISOString(), until: at(2000).toISOString() })).length,
    ).toBe(1);
    expect((await store.queryAudit({ deviceId: 'device-0001', limit: 1 })).map((r) => r.code)).toEqual([
      null,
    ]);
    expect((await store.queryAudit({ afterId: all[1]!.id })).map((r) => r.code)).toEqual(['CHALLENGE_USED']);
  });
}

describe('Store contract: SQLite', () => storeContract(sqliteFactory));

describePostgres('Store contract: PostgreSQL', () => {
  let pg: TestPostgres;
  beforeAll(() => {
    pg = startPostgres();
  }, 60_000);
  afterAll(() => pg?.stop());
  storeContract(() => postgresFactory(() => pg));
});
