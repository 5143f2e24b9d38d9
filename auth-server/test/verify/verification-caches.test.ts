import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCa, type TestCa } from '@madoguchi/jpki-ca';
import { isMadoguchiError } from '@madoguchi/protocol';
import { FixedClock } from '../../src/domain/clock';
import { CrlRegistry } from '../../src/trust/crl-registry';
import { CertificateCache } from '../../src/verify/parse-certificate';
import { verifyCertificate } from '../../src/verify/verify-certificate';

/**
 * The per-certificate caches (parse, chain signature, key usage, policy, CA key fingerprint) must never carry a pass
 * across a CRL swap or the clock: the same cache, the same certificate object, and the verdict follows the current
 * CRL and the current time on the very next call.
 */
const T0 = new Date('2026-01-01T00:00:00Z');
const later = (hours: number) => new Date(T0.getTime() + hours * 3_600_000);

let dir: string;
let ca: TestCa;
beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'madoguchi-caches-'));
  ca = await createCa(dir, { now: T0 });
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const codeOf = (fn: () => unknown) => {
  try {
    fn();
    return 'OK';
  } catch (error) {
    return isMadoguchiError(error) ? error.code : String(error);
  }
};

async function verifier(clock: FixedClock) {
  const g1 = ca.generations('auth')[0]!;
  const anchors = {
    auth: { anchors: [new X509Certificate(readFileSync(g1.caCertPath))], links: [] },
    sign: { anchors: [], links: [] },
  };
  const crls = new CrlRegistry([{ kind: 'auth' as const, source: g1.crlDerPath }], anchors, clock);
  await crls.refresh();
  const cache = new CertificateCache();
  const ctx = { cache, trust: anchors, crls: crls.lookup, crlGraceMs: 0 };
  return { crls, verify: (der: Buffer) => verifyCertificate(der, 'auth', clock.now(), ctx) };
}

describe('verification caches', () => {
  it('refuses a certificate revoked in a newly loaded CRL on the very next request, though it passed before', async () => {
    const issued = await ca.issue('auth', { now: later(1) });
    const der = Buffer.from(issued.certDer);
    await ca.publishCrl('auth', { now: later(2) });
    const clock = new FixedClock(later(3));
    const { crls, verify } = await verifier(clock);
    expect(codeOf(() => verify(der))).toBe('OK');
    expect(codeOf(() => verify(der))).toBe('OK'); // now served from the caches

    await ca.revoke('auth', issued.serial, 'keyCompromise', { now: later(4) });
    await ca.publishCrl('auth', { now: later(4) });
    clock.set(later(5));
    // Before the swap the old CRL still rules (it is fresh and does not list it)…
    expect(codeOf(() => verify(der))).toBe('OK');
    await crls.refresh();
    // …and right after it the same cached certificate is refused.
    expect(codeOf(() => verify(der))).toBe('CERT_REVOKED');
  });

  it('judges validity and CRL freshness against the current time, not the time of the cached pass', async () => {
    const issued = await ca.issue('auth', { now: later(10) });
    const der = Buffer.from(issued.certDer);
    await ca.publishCrl('auth', { now: later(11) });
    const clock = new FixedClock(later(12));
    const { crls, verify } = await verifier(clock);
    expect(codeOf(() => verify(der))).toBe('OK');
    const nextUpdate = crls.status()[0]!.nextUpdate!;
    clock.set(new Date(Date.parse(nextUpdate) + 1000));
    expect(codeOf(() => verify(der))).toBe('CRL_STALE');
    clock.set(later(9));
    expect(codeOf(() => verify(der))).toBe('CERT_NOT_YET_VALID');
    clock.set(new Date(Date.parse(new X509Certificate(der).validTo) + 1000));
    expect(codeOf(() => verify(der))).toBe('CERT_EXPIRED');
  });
});
