import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCa, type TestCa } from '@madoguchi/jpki-ca';
import { isMadoguchiError } from '@madoguchi/protocol';
import { FixedClock } from '../../src/domain/clock';
import { CrlRegistry } from '../../src/trust/crl-registry';
import { CertificateCache } from '../../src/verify/parse-certificate';
import type { VerifiedCrl } from '../../src/verify/parse-crl';
import { keyFingerprint, type TrustAnchors } from '../../src/verify/trust-anchors';
import { verifyCertificate } from '../../src/verify/verify-certificate';

const T0 = new Date('2026-01-01T00:00:00Z');
const later = (hours: number) => new Date(T0.getTime() + hours * 3_600_000);

let dir: string;
let ca: TestCa;
let oldCert: Buffer;
let newCert: Buffer;
let revokedNew: string;
beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'madoguchi-rollover-'));
  ca = await createCa(dir, { now: T0 });
  oldCert = Buffer.from((await ca.issue('auth', { now: T0 })).certDer);
  await ca.rollover('auth', { now: later(1) });
  newCert = Buffer.from((await ca.issue('auth', { now: later(1) })).certDer);
  const revoked = await ca.issue('auth', { now: later(1) });
  await ca.revoke('auth', revoked.serial, 'keyCompromise', { now: later(1) });
  revokedNew = Buffer.from(revoked.certDer).toString('base64');
  await ca.publishCrl('auth', { now: later(2) });
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cert = (file: string) => new X509Certificate(readFileSync(file));
const g = (n: number) => ca.generations('auth')[n - 1]!;

async function verifierWith(trust: TrustAnchors, crlFiles = [g(1).crlDerPath, g(2).crlDerPath]) {
  const clock = new FixedClock(later(3));
  const anchors = { auth: trust, sign: { anchors: [], links: [] } };
  const crls = new CrlRegistry(
    crlFiles.map((source) => ({ kind: 'auth' as const, source })),
    anchors,
    clock,
  );
  await crls.refresh();
  return (der: Buffer) =>
    verifyCertificate(der, 'auth', clock.now(), {
      cache: new CertificateCache(),
      trust: anchors,
      crls: crls.lookup,
      crlGraceMs: 0,
    });
}

const codeOf = (fn: () => unknown) => {
  try {
    fn();
    return 'OK';
  } catch (error) {
    return isMadoguchiError(error) ? error.code : String(error);
  }
};

describe('certificate path across a CA key rollover', () => {
  it("accepts both generations when both roots are anchors, each checked against its own key's CRL", async () => {
    const verify = await verifierWith({ anchors: [cert(g(1).caCertPath), cert(g(2).caCertPath)], links: [] });
    expect(codeOf(() => verify(oldCert))).toBe('OK');
    expect(codeOf(() => verify(newCert))).toBe('OK');
    expect(codeOf(() => verify(Buffer.from(revokedNew, 'base64')))).toBe('CERT_REVOKED');
  });

  it('reaches new certificates from the old root through NewWithOld', async () => {
    const verify = await verifierWith({
      anchors: [cert(g(1).caCertPath)],
      links: [cert(g(2).newWithOldPath!)],
    });
    expect(codeOf(() => verify(newCert))).toBe('OK');
    expect(codeOf(() => verify(Buffer.from(revokedNew, 'base64')))).toBe('CERT_REVOKED');
  });

  it('reaches old certificates from the new root through OldWithNew', async () => {
    const verify = await verifierWith({
      anchors: [cert(g(2).caCertPath)],
      links: [cert(g(2).oldWithNewPath!)],
    });
    expect(codeOf(() => verify(oldCert))).toBe('OK');
  });

  it('refuses new certificates with only the old root and no link: CERT_UNTRUSTED', async () => {
    const verify = await verifierWith({ anchors: [cert(g(1).caCertPath)], links: [] });
    expect(codeOf(() => verify(newCert))).toBe('CERT_UNTRUSTED');
  });

  it('refuses when the issuing key has no CRL (CRL_STALE) or only an unsigned one (CRL_INVALID)', async () => {
    const trust = { anchors: [cert(g(1).caCertPath), cert(g(2).caCertPath)], links: [] };
    const onlyOld = await verifierWith(trust, [g(1).crlDerPath]);
    expect(codeOf(() => onlyOld(newCert))).toBe('CRL_STALE');
    const bogus = path.join(dir, 'bogus.der');
    writeFileSync(bogus, Buffer.from('30030201ff', 'hex'));
    const invalid = await verifierWith(trust, [g(1).crlDerPath, bogus]);
    expect(codeOf(() => invalid(newCert))).toBe('CRL_INVALID');
    expect(codeOf(() => invalid(oldCert))).toBe('OK');
  });
});

describe('CRL registry', () => {
  it('keeps the last good CRL when a refresh fails, and reports the failure', async () => {
    const clock = new FixedClock(later(3));
    const anchors = {
      auth: { anchors: [cert(g(1).caCertPath)], links: [] },
      sign: { anchors: [], links: [] },
    };
    let bytes: Buffer | Error = readFileSync(g(1).crlDerPath);
    const failures: string[] = [];
    const registry = new CrlRegistry(
      [{ kind: 'auth', source: 'memory' }],
      anchors,
      clock,
      async () => {
        if (bytes instanceof Error) throw bytes;
        return bytes;
      },
      { onRefreshFailure: (_s, e) => failures.push(e.message) },
    );
    const [first] = await registry.refresh();
    expect(first).toMatchObject({ thisUpdate: later(2).toISOString() });
    bytes = new Error('HTTP 503');
    const [second] = await registry.refresh();
    expect(second).toMatchObject({
      thisUpdate: later(2).toISOString(),
      error: expect.stringContaining('HTTP 503'),
    });
    expect(failures).toEqual(['HTTP 503']);
    expect(registry.ages()).toEqual([{ kind: 'auth', source: 'memory', seconds: 3600 }]);
  });

  it('refuses a CRL older than the one it holds: a lower CRL number, or an earlier thisUpdate', async () => {
    // Three CRLs of generation 1: n at 4 h, n+1 at 4 h (same thisUpdate), n+2 dated back to 3 h.
    const publish = async (hours: number) => {
      const [g1] = await ca.publishCrl('auth', { now: later(hours) });
      return { number: g1!.crlNumber, der: readFileSync(g1!.derPath) };
    };
    const [n, n1, n2] = [await publish(4), await publish(4), await publish(3)];
    expect([n1.number, n2.number]).toEqual([n.number + 1, n.number + 2]);
    const anchors = {
      auth: { anchors: [cert(g(1).caCertPath)], links: [] },
      sign: { anchors: [], links: [] },
    };
    let served = n1.der;
    const failures: string[] = [];
    const registry = new CrlRegistry(
      [{ kind: 'auth', source: 'mirror' }],
      anchors,
      new FixedClock(later(5)),
      async () => served,
      { onRefreshFailure: (_s, e) => failures.push((e as { code?: string }).code ?? e.message) },
    );
    const held = (await registry.refresh())[0];
    expect(held).toMatchObject({ thisUpdate: later(4).toISOString() });
    expect(held).not.toHaveProperty('error');
    const number = () =>
      (registry.lookup(keyFingerprint(cert(g(1).caCertPath).publicKey), 'auth') as VerifiedCrl).crlNumber;
    expect(number()).toBe(BigInt(n1.number));

    served = n.der; // same thisUpdate, lower number
    expect((await registry.refresh())[0]).toMatchObject({ error: expect.stringContaining('older') });
    expect(number()).toBe(BigInt(n1.number));

    served = n2.der; // higher number, earlier thisUpdate
    expect((await registry.refresh())[0]).toMatchObject({ error: expect.stringContaining('older') });
    expect(number()).toBe(BigInt(n1.number));
    expect(failures).toEqual(['CRL_INVALID', 'CRL_INVALID']);

    served = n1.der; // the same CRL again is not older: accepted, the error cleared
    expect((await registry.refresh())[0]).not.toHaveProperty('error');
  });
});
