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
