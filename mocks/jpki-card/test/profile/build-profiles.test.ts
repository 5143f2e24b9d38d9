import { X509Certificate, createPrivateKey } from 'node:crypto';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { openCa, readBasicFour, readSerialList } from '@madoguchi/jpki-ca';
import { buildStandardProfiles, simLayout, type ManifestEntry } from '../../src/profile/build-profiles';
import { loadProfile } from '../../src/profile/load-profile';
import { STANDARD_PROFILES, DEMO_FACTS } from '../../src/profile/standard-profiles';

const run = promisify(execFile);
let state: string;
let manifest: ManifestEntry[];
const now = new Date('2026-11-25T00:00:00Z');

beforeAll(async () => {
  state = await mkdtemp(path.join(os.tmpdir(), 'madoguchi-profiles-'));
  manifest = await buildStandardProfiles(state, { now });
}, 60_000);
afterAll(() => rm(state, { recursive: true, force: true }));

const load = (name: string) => loadProfile(simLayout(state).profile(name));
const cert = (b64: string) => new X509Certificate(Buffer.from(b64, 'base64'));

/** openssl verify with the CA roots and CRLs, at the build time. */
async function opensslVerify(name: string, kind: 'auth' | 'sign', issuer = 'ca'): Promise<string> {
  const p = await load(name);
  const der = kind === 'auth' ? p.jpki.authCert : p.jpki.signCert!;
  const dir = path.join(state, issuer, kind, 'g1');
  const pem = path.join(state, `${name}-${kind}.pem`);
  await run('sh', [
    '-c',
    `printf '%s' "$1" | base64 -d | openssl x509 -inform DER -out "$2"`,
    'sh',
    der,
    pem,
  ]);
  const r = await run('openssl', [
    'verify',
    '-attime',
    String(now.getTime() / 1000 + 60),
    '-CAfile',
    path.join(dir, 'ca.pem'),
    '-crl_check',
    '-CRLfile',
    path.join(dir, 'crl.pem'),
    pem,
  ]).catch((e: { stdout: string; stderr: string }) => ({ stdout: e.stdout + e.stderr }));
  return r.stdout;
}

describe('standard card profiles', () => {
  it('writes every recipe, each a valid profile', async () => {
    expect(manifest.map((m) => m.name)).toEqual(STANDARD_PROFILES.map((r) => r.name));
    for (const m of manifest) await expect(load(m.name)).resolves.toMatchObject({ name: m.name });
  });

  it('gives the valid card a key that matches its certificate and the demo facts in its sign certificate', async () => {
    const p = await load('valid');
    const c = cert(p.jpki.authCert);
    expect(c.checkPrivateKey(createPrivateKey(p.jpki.authKey))).toBe(true);
    expect(readBasicFour(Buffer.from(p.jpki.signCert!, 'base64'))).toEqual(DEMO_FACTS);
    expect(p.cardInfo.basicFour).toEqual(DEMO_FACTS);
    expect(await opensslVerify('valid', 'auth')).toMatch(/: OK/);
    expect(await opensslVerify('valid', 'sign')).toMatch(/: OK/);
  });

  it('puts revoked, held, renewed-old and name-changed certificates on the CRLs, and only those', async () => {
    expect(await opensslVerify('revoked', 'auth')).toMatch(/certificate revoked/);
    expect(await opensslVerify('lost-hold', 'auth')).toMatch(/certificate revoked/);
    expect(await opensslVerify('renewed-old', 'auth')).toMatch(/certificate revoked/);
    expect(await opensslVerify('renewed-new', 'auth')).toMatch(/: OK/);
    expect(await opensslVerify('name-changed', 'sign')).toMatch(/certificate revoked/);
    expect(await opensslVerify('name-changed', 'auth')).toMatch(/: OK/);
  });

  it('lists the renewal in the serial list', async () => {
    const ca = await openCa(simLayout(state).ca);
    const rows = await readSerialList(ca.serialListPath);
    const old = manifest.find((m) => m.name === 'renewed-old')!.serials;
    const renewed = manifest.find((m) => m.name === 'renewed-new')!.serials;
    expect(rows).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'auth', oldSerial: old.auth, newSerial: renewed.auth }),
      ]),
    );
  });

  it('makes expired, wrong-CA and under-15 cards as described', async () => {
    expect(new Date(cert((await load('expired')).jpki.authCert).validTo).getTime()).toBeLessThan(
      now.getTime(),
    );
    expect(await opensslVerify('wrong-ca', 'auth')).not.toMatch(/: OK/);
    expect(await opensslVerify('wrong-ca', 'auth', 'wrong-ca')).toMatch(/: OK/);
    const young = await load('under-15');
    expect(young.jpki.signCert).toBeUndefined();
    expect(young.cardInfo.basicFour.dateOfBirth).toBe('20150601');
  });

  it('sets the tries, latency, length and fault of the special cards', async () => {
    expect((await load('auth-pin-blocked')).jpki.tries).toEqual({ auth: 0 });
    expect((await load('one-try-left')).cardInfo.tries).toBe(1);
    expect((await load('no-extended-length')).extendedLength).toBe(false);
    expect((await load('slow')).latency?.signMs).toBeGreaterThanOrEqual(200);
    expect((await load('pulled-mid-signature')).fault).toEqual({ removeOn: 'sign' });
  });

  it('keeps private keys out of reach of other users', async () => {
    expect((await stat(simLayout(state).profile('valid'))).mode & 0o077).toBe(0);
  });
});
