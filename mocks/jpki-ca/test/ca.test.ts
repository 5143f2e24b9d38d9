import { createPublicKey, generateKeyPairSync, X509Certificate, type KeyObject } from 'node:crypto';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CA_SUBJECT, OID } from '@madoguchi/protocol';
import {
  createCa,
  openCa,
  readBasicFour,
  readSerialList,
  SERIAL_LIST_HEADER,
  type CaKind,
  type JpkiCaErrorCode,
  type TestCa,
} from '../src';
import { daysAfter, HANAKO, T0 } from './helpers/facts';
import { atTime, openssl } from './helpers/openssl';
import { tempDir } from './helpers/tmp';

const KINDS: CaKind[] = ['auth', 'sign'];
/** A public key as SPKI hex, from a PEM (public or private) or a KeyObject, to compare keys. */
const spki = (key: string | KeyObject) =>
  (typeof key === 'string' ? createPublicKey(key) : key)
    .export({ type: 'spki', format: 'der' })
    .toString('hex');

const rejectsWith = (promise: Promise<unknown>, code: JpkiCaErrorCode, message?: RegExp) =>
  expect(promise).rejects.toMatchObject({ name: 'JpkiCaError', code, ...(message ? { message } : {}) });

/** Writes PEM text to a file in `dir` so openssl can read it. */
async function pemFile(dir: string, name: string, pem: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, pem);
  return path;
}

describe('a fresh CA', () => {
  let dir: { path: string; remove: () => Promise<void> };
  let ca: TestCa;
  /** Holder keys made once (as a card mock would pass them) so most issuances skip key generation. */
  let holderKey: string;
  const verifyAt = daysAfter(T0, 1);

  beforeAll(async () => {
    dir = await tempDir();
    ca = await createCa(join(dir.path, 'ca'), { now: T0 });
    holderKey = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .publicKey.export({ type: 'spki', format: 'pem' })
      .toString();
  });
  afterAll(() => dir.remove());

  const issueAuth = () => ca.issue('auth', { publicKeyPem: holderKey, now: T0 });
  const issueSign = () => ca.issue('sign', { facts: HANAKO, publicKeyPem: holderKey, now: T0 });
  const certFile = async (pem: string) =>
    pemFile(dir.path, `${Math.random().toString(36).slice(2)}.pem`, pem);
  const verify = async (kind: CaKind, certPem: string, ...extra: string[]) =>
    openssl('verify', ...atTime(verifyAt), '-CAfile', ca.caCertPath(kind), ...extra, await certFile(certPem));

  describe.each(KINDS)('the %s root', (kind) => {
    it('is a self-signed RSA-2048 CA with the J-LIS profile', async () => {
      const { output } = await openssl('x509', '-in', ca.caCertPath(kind), '-noout', '-text');
      const dn = CA_SUBJECT[kind].map(([t, v]) => `${t} = ${v}`).join(', ');
      expect(output).toContain(`Issuer: ${dn}\n`);
      expect(output).toContain(`Subject: ${dn}\n`);
      expect(output).toContain('Public-Key: (2048 bit)');
      expect(output).toContain('Signature Algorithm: sha256WithRSAEncryption');
      expect(output).toMatch(/Basic Constraints: critical\s+CA:TRUE\n/);
      expect(output).toMatch(/Key Usage: critical\s+Certificate Sign, CRL Sign\n/);
      expect(output).toMatch(/Subject Alternative Name: \s+DirName:\/C=JP\/O=\\xE5\\x85\\xAC/); // 公…
      expect(output).toContain('Subject Key Identifier');
      expect(output).toContain('Not After : Apr  1 00:00:00 2035 GMT');

      const root = new X509Certificate(ca.caCertPem(kind));
      expect(root.ca).toBe(true);
      expect(root.verify(root.publicKey)).toBe(true);
      expect(root.subjectAltName).toBe('DirName:"O=公的個人認証サービス\\u002cC=JP"');
    });

    it('keeps its private key readable by the owner only', async () => {
      const mode = (await stat(join(ca.dir, kind, 'g1', 'ca.key.pem'))).mode & 0o777;
      expect(mode).toBe(0o600);
    });
  });

  describe('authentication certificates', () => {
    it('carry no personal data, the auth policy and a dirName CRL distribution point', async () => {
      const issued = await issueAuth();
      const { output } = await openssl('x509', '-noout', '-text', '-in', await certFile(issued.certPem));
      expect(output).toMatch(/Subject: C = JP, CN = [A-Z0-9]{20}\n/);
      expect(output).toMatch(/Key Usage: critical\s+Digital Signature\n/);
      expect(output).toMatch(
        new RegExp(`Certificate Policies: \\s+Policy: ${OID.POLICY_AUTH.replace(/\./g, '\\.')}`),
      );
      expect(output).toContain(`CPS: ${OID.CPS_URI}`);
      expect(output).toContain('Authority Key Identifier');
      expect(output).toContain(
        'DirName:C = JP, O = JPKI, OU = JPKI for user authentication, ' +
          'OU = Japan Agency for Local Authority Information Systems, OU = CRL Distribution Points, CN = g1',
      );
      expect(output).not.toContain('othername');
      expect(issued.record).toMatchObject({
        kind: 'auth',
        generation: 1,
        status: 'valid',
        serial: issued.serial,
      });
      expect(issued.privateKeyPem).toBeUndefined();
    });

    it('verify against the root with openssl and with Node', async () => {
      const issued = await issueAuth();
      expect((await verify('auth', issued.certPem)).output).toContain(': OK');
      const cert = new X509Certificate(issued.certDer);
      expect(cert.serialNumber).toBe(issued.serial);
      expect(cert.verify(new X509Certificate(ca.caCertPem('auth')).publicKey)).toBe(true);
      expect(spki(cert.publicKey)).toBe(spki(holderKey));
    });

    it('come with a generated key pair when the caller brings no key', async () => {
      const issued = await ca.issue('auth', { now: T0 });
      expect(issued.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
      expect(spki(new X509Certificate(issued.certPem).publicKey)).toBe(spki(issued.privateKeyPem!));
    });

    it('run 5 years, or to the 5th birthday after issue when a date of birth is known', async () => {
      expect((await issueAuth()).record.notAfter).toBe('2030-04-01T00:00:00.000Z');
      const withBirthday = await ca.issue('auth', { facts: HANAKO, publicKeyPem: holderKey, now: T0 });
      expect(withBirthday.record.notAfter).toBe('2030-03-15T14:59:59.000Z'); // 23:59:59 JST
      const explicit = await ca.issue('auth', {
        publicKeyPem: holderKey,
        notBefore: new Date('2025-01-01T00:00:00.250Z'),
        notAfter: new Date('2026-01-01T00:00:00Z'),
      });
      expect(explicit.record).toMatchObject({
        notBefore: '2025-01-01T00:00:00.000Z',
        notAfter: '2026-01-01T00:00:00.000Z',
      });
      expect(new X509Certificate(explicit.certPem).validTo).toBe('Jan  1 00:00:00 2026 GMT');
    });
  });

  describe('signature certificates', () => {
    it('carry the test-environment policy (critical), non-repudiation and the basic four facts', async () => {
      const issued = await issueSign();
      const { output } = await openssl('x509', '-noout', '-text', '-in', await certFile(issued.certPem));
      expect(output).toMatch(/Key Usage: critical\s+Digital Signature, Non Repudiation\n/);
      expect(output).toMatch(/Certificate Policies: critical\s+Policy: 1\.2\.392\.200149\.8\.5\.1\.0\.20\n/);
      expect(output).toContain(`CPS: ${OID.CPS_URI}`);
      expect(output).toContain(`othername: ${OID.SAN_NAME}::山田 花子`);
      expect(output).toContain(`othername: ${OID.SAN_NAME_SUBSTITUTE}::山田 花子`);
      expect(output).toContain(`othername: ${OID.SAN_SEX}::2`);
      expect(output).toContain(`othername: ${OID.SAN_DATE_OF_BIRTH}::319500315`); // 3 = Shōwa
      expect(output).toContain(`othername: ${OID.SAN_ADDRESS}::東京都千代田区霞が関二丁目1番2号`);
      expect(output).toContain(`othername: ${OID.SAN_ADDRESS_SUBSTITUTE}::東京都千代田区霞が関二丁目1番2号`);
      expect(output).toContain('OU = JPKI for digital signature, OU = Japan Agency for Local Authority');
    });

    it('verify against the sign root (not the auth root) and give their facts back', async () => {
      const issued = await issueSign();
      expect((await verify('sign', issued.certPem)).output).toContain(': OK');
      expect((await verify('auth', issued.certPem)).code).not.toBe(0);
      expect(
        new X509Certificate(issued.certPem).verify(new X509Certificate(ca.caCertPem('sign')).publicKey),
      ).toBe(true);
      expect(readBasicFour(issued.certPem)).toEqual(HANAKO);
      expect(readBasicFour(issued.certDer)).toEqual(HANAKO);
    });

    it('are refused without facts, or with facts out of range', async () => {
      await rejectsWith(ca.issue('sign', { publicKeyPem: holderKey }), 'BAD_REQUEST', /basic four facts/);
      await rejectsWith(
        ca.issue('sign', { publicKeyPem: holderKey, facts: { ...HANAKO, sex: '3' as '1' } }),
        'BAD_REQUEST',
        /facts\/sex/,
      );
      await rejectsWith(
        ca.issue('sign', { publicKeyPem: holderKey, facts: { ...HANAKO, dateOfBirth: '1950-03-15' } }),
        'BAD_REQUEST',
      );
    });
  });

  describe('revocation and CRLs', () => {
    const crlText = async (kind: CaKind) =>
      (await openssl('crl', '-inform', 'DER', '-in', ca.crlPath(kind, 'der'), '-noout', '-text')).output;
    const verifyWithCrl = (kind: CaKind, certPem: string) =>
      verify(kind, certPem, '-crl_check', '-CRLfile', ca.crlPath(kind, 'pem'));

    it('lists revoked certificates with their reason codes; openssl refuses them and accepts the rest', async () => {
      const good = await issueAuth();
      const compromised = await issueAuth();
      const moved = await issueSign();
      await ca.revoke('auth', compromised.serial, 'keyCompromise', { now: daysAfter(T0, 0.5) });
      await ca.revoke('sign', moved.serial, 'affiliationChanged', { now: daysAfter(T0, 0.5) });
      const [auth] = await ca.publishCrl('auth', { now: verifyAt });
      await ca.publishCrl('sign', { now: verifyAt });

      expect(auth).toMatchObject({
        generation: 1,
        derPath: ca.crlPath('auth', 'der'),
        pemPath: ca.crlPath('auth', 'pem'),
      });
      expect(auth!.nextUpdate.getTime() - auth!.thisUpdate.getTime()).toBe(24 * 3600_000);
      const text = await crlText('auth');
      expect(text).toContain('Version 2 (0x1)');
      expect(text).toContain('Signature Algorithm: sha256WithRSAEncryption');
      expect(text).toContain('Last Update: Apr  2 00:00:00 2025 GMT');
      expect(text).toContain('Next Update: Apr  3 00:00:00 2025 GMT');
      expect(text).toMatch(/CRL Number: \s+\d+\n/);
      expect(text).toContain('Authority Key Identifier');
      expect(text).toMatch(
        new RegExp(`Serial Number: ${compromised.serial}\\s+Revocation Date: Apr  1 12:00:00 2025 GMT`),
      );
      expect(text).toMatch(/CRL Reason Code: \s+Key Compromise/);
      expect(await crlText('sign')).toMatch(/CRL Reason Code: \s+Affiliation Changed/);

      expect((await verifyWithCrl('auth', good.certPem)).output).toContain(': OK');
      const refused = await verifyWithCrl('auth', compromised.certPem);
      expect(refused.code).not.toBe(0);
      expect(refused.output).toContain('certificate revoked');
      expect((await verifyWithCrl('sign', moved.certPem)).output).toContain('certificate revoked');
      expect(ca.list().find((r) => r.serial === compromised.serial)).toMatchObject({
        status: 'revoked',
        revocation: { reason: 'keyCompromise', time: '2025-04-01T12:00:00.000Z' },
      });
    });

    it('puts a lost card on hold and lets it go again (removeFromCRL)', async () => {
      const lost = await issueAuth();
      expect(
        (await ca.revoke('auth', lost.serial.toLowerCase(), 'certificateHold', { now: T0 })).status,
      ).toBe('held');
      await ca.publishCrl('auth', { now: verifyAt });
      expect(await crlText('auth')).toMatch(new RegExp(`${lost.serial}[\\s\\S]*?Certificate Hold`));
      expect((await verifyWithCrl('auth', lost.certPem)).output).toContain('certificate revoked');

      const released = await ca.release('auth', lost.serial);
      expect(released).toMatchObject({ status: 'valid' });
      expect(released.revocation).toBeUndefined();
      await ca.publishCrl('auth', { now: verifyAt });
      expect(await crlText('auth')).not.toContain(lost.serial);
      expect((await verifyWithCrl('auth', lost.certPem)).output).toContain(': OK');
    });

    it('turns a hold into a revocation, and refuses what the status does not allow', async () => {
      const lost = await issueSign();
      await ca.revoke('sign', lost.serial, 'certificateHold', { now: T0 });
      await rejectsWith(ca.revoke('sign', lost.serial, 'certificateHold'), 'WRONG_STATUS', /already held/);
      await ca.revoke('sign', lost.serial, 'cessationOfOperation', { now: T0 });
      await rejectsWith(ca.revoke('sign', lost.serial, 'keyCompromise'), 'WRONG_STATUS', /already revoked/);
      await rejectsWith(ca.release('sign', lost.serial), 'WRONG_STATUS', /not on hold/);
      await ca.publishCrl('sign', { now: verifyAt });
      expect(await crlText('sign')).toMatch(new RegExp(`${lost.serial}[\\s\\S]*?Cessation Of Operation`));
    });

    it('refuses unknown serials, kinds and reasons', async () => {
      const issued = await issueAuth();
      await rejectsWith(ca.revoke('auth', '0123456789ABCDEF', 'keyCompromise'), 'SERIAL_UNKNOWN');
      await rejectsWith(
        ca.revoke('sign', issued.serial, 'keyCompromise'),
        'SERIAL_UNKNOWN',
        /no sign certificate/,
      );
      await rejectsWith(ca.revoke('auth', 'not-hex', 'keyCompromise'), 'BAD_REQUEST');
      await rejectsWith(ca.revoke('auth', issued.serial, 'lost' as 'keyCompromise'), 'BAD_REQUEST', /reason/);
      await rejectsWith(ca.issue('root' as CaKind), 'BAD_REQUEST', /kind/);
      expect(ca.list().find((r) => r.serial === issued.serial)?.status).toBe('valid');
    });

    it('refuses keys a card cannot hold and validity that ends before it starts', async () => {
      const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({
        type: 'spki',
        format: 'pem',
      });
      await rejectsWith(ca.issue('auth', { publicKeyPem: ec.toString() }), 'BAD_REQUEST', /RSA-2048/);
      await rejectsWith(ca.issue('auth', { publicKeyPem: 'hello' }), 'BAD_REQUEST', /not a PEM public key/);
      await rejectsWith(
        ca.issue('auth', { publicKeyPem: holderKey, notBefore: T0, notAfter: T0 }),
        'BAD_REQUEST',
        /notAfter/,
      );
      await rejectsWith(
        ca.issue('auth', { publicKeyPem: holderKey, now: new Date('soon') }),
        'BAD_REQUEST',
        /valid Date/,
      );
    });

    it('publishes an empty CRL that openssl accepts, and expires it at nextUpdate', async () => {
      const other = await tempDir();
      try {
        const fresh = await createCa(other.path, { now: T0 });
        const [crl] = await fresh.publishCrl('sign', { now: T0, nextUpdate: daysAfter(T0, 7) });
        expect(crl!.crlNumber).toBe(1);
        const { output } = await openssl('crl', '-in', crl!.pemPath, '-noout', '-text');
        expect(output).toContain('No Revoked Certificates.');
        expect(output).toContain('Next Update: Apr  8 00:00:00 2025 GMT');
        const issued = await fresh.issue('sign', { facts: HANAKO, publicKeyPem: holderKey, now: T0 });
        const cert = await certFile(issued.certPem);
        const check = (at: Date) =>
          openssl(
            'verify',
            ...atTime(at),
            '-CAfile',
            fresh.caCertPath('sign'),
            '-crl_check',
            '-CRLfile',
            crl!.pemPath,
            cert,
          );
        expect((await check(daysAfter(T0, 6))).output).toContain(': OK');
        expect((await check(daysAfter(T0, 8))).output).toContain('CRL has expired');
        expect((await fresh.publishCrl('sign', { now: T0 }))[0]!.crlNumber).toBe(2);
        await rejectsWith(fresh.publishCrl('sign', { now: T0, nextUpdate: T0 }), 'BAD_REQUEST', /nextUpdate/);
      } finally {
        await other.remove();
      }
    });
  });

  describe('renewal', () => {
    it('issues a new key and serial, supersedes the old one and appends to the serial list', async () => {
      const old = await issueAuth();
      const renewedAt = daysAfter(T0, 2);
      const renewed = await ca.renew('auth', old.serial, { now: renewedAt });
      expect(renewed.serial).not.toBe(old.serial);
      expect(renewed.privateKeyPem).toBeDefined();
      expect(spki(new X509Certificate(renewed.certPem).publicKey)).not.toBe(spki(holderKey));
      expect(renewed.record.notBefore).toBe(renewedAt.toISOString());
      expect(ca.list().find((r) => r.serial === old.serial)).toMatchObject({
        status: 'revoked',
        revocation: { reason: 'superseded', time: renewedAt.toISOString() },
      });

      const csv = await readFile(ca.serialListPath, 'utf8');
      expect(csv.split('\n')[0]).toBe(SERIAL_LIST_HEADER);
      expect(csv).toContain(
        `auth,"OU=Japan Agency for Local Authority Information Systems,OU=JPKI for user authentication,O=JPKI,C=JP",` +
          `${old.serial},${renewed.serial},2025-04-03T00:00:00.000Z\n`,
      );
      expect(await readSerialList(ca.serialListPath)).toContainEqual({
        kind: 'auth',
        oldIssuer:
          'OU=Japan Agency for Local Authority Information Systems,OU=JPKI for user authentication,O=JPKI,C=JP',
        oldSerial: old.serial,
        newSerial: renewed.serial,
        renewedAt: '2025-04-03T00:00:00.000Z',
      });
    });

    it('keeps the holder facts of a signature certificate, and renews a held one', async () => {
      const old = await issueSign();
      await ca.revoke('sign', old.serial, 'certificateHold', { now: T0 });
      const renewed = await ca.renew('sign', old.serial, { publicKeyPem: holderKey, now: T0 });
      expect(readBasicFour(renewed.certPem)).toEqual(HANAKO);
      expect(renewed.record.notAfter).toBe('2030-03-15T14:59:59.000Z');
      expect(ca.list().find((r) => r.serial === old.serial)?.revocation?.reason).toBe('superseded');
      await rejectsWith(ca.renew('sign', old.serial), 'WRONG_STATUS', /revoked/);
    });
  });

  it('reopens from its directory with the same state and keys', async () => {
    const before = ca.list();
    const reopened = await openCa(ca.dir);
    expect(reopened.list()).toEqual(before);
    expect(reopened.caCertPem('auth')).toBe(ca.caCertPem('auth'));
    const issued = await reopened.issue('auth', { publicKeyPem: holderKey, now: T0 });
    expect(
      new X509Certificate(issued.certPem).verify(new X509Certificate(ca.caCertPem('auth')).publicKey),
    ).toBe(true);
    await rejectsWith(createCa(ca.dir), 'CA_EXISTS', /already holds a CA/);
  });

  it('keeps a consistent index when operations overlap', async () => {
    const issued = await Promise.all(Array.from({ length: 5 }, () => issueAuth()));
    await Promise.all(issued.map((c) => ca.revoke('auth', c.serial, 'keyCompromise')));
    const onDisk = (await openCa(ca.dir)).list();
    for (const c of issued) expect(onDisk.find((r) => r.serial === c.serial)?.status).toBe('revoked');
  });
});

describe('CA key rollover', () => {
  let dir: { path: string; remove: () => Promise<void> };
  let ca: TestCa;
  const T1 = daysAfter(T0, 365);
  const verifyAt = daysAfter(T1, 1);
  const file = (name: string, pem: string) => pemFile(dir.path, name, pem);
  const verify = (anchor: string, cert: string, ...extra: string[]) =>
    openssl('verify', ...atTime(verifyAt), '-CAfile', anchor, ...extra, cert);

  beforeAll(async () => {
    dir = await tempDir();
    ca = await createCa(join(dir.path, 'ca'), { now: T0 });
  });
  afterAll(() => dir.remove());

  it('adds a generation whose new key issues, while the old root still verifies what it issued', async () => {
    const oldCert = await ca.issue('auth', { now: T0 });
    const oldRootPem = ca.caCertPem('auth');
    const result = await ca.rollover('auth', { now: T1 });
    const newCert = await ca.issue('auth', { now: T1 });
    expect(result.generation).toBe(2);
    expect(newCert.record.generation).toBe(2);
    expect(ca.caCertPem('auth')).toBe(result.newRootPem);
    expect(ca.caCertPem('auth', 1)).toBe(oldRootPem);
    expect(ca.caCertPem('sign')).toBe(ca.caCertPem('sign', 1)); // the other CA is untouched

    const oldRoot = ca.caCertPath('auth', 1);
    const newRoot = ca.caCertPath('auth', 2);
    const [g1, g2] = ca.generations('auth');
    expect(g1).toEqual({
      generation: 1,
      caCertPath: oldRoot,
      crlDerPath: ca.crlPath('auth', 'der', 1),
      crlPemPath: ca.crlPath('auth', 'pem', 1),
    });
    expect(g2).toMatchObject({ generation: 2, caCertPath: newRoot });
    expect(await readFile(g2!.newWithOldPath!, 'utf8')).toBe(result.newWithOldPem);
    expect(await readFile(g2!.oldWithNewPath!, 'utf8')).toBe(result.oldWithNewPem);

    const oldFile = await file('old.pem', oldCert.certPem);
    const newFile = await file('new.pem', newCert.certPem);
    const bothRoots = await file('roots.pem', oldRootPem + result.newRootPem);
    expect((await verify(newRoot, newFile)).output).toContain(': OK');
    expect((await verify(oldRoot, oldFile)).output).toContain(': OK');
    expect((await verify(bothRoots, newFile)).output).toContain(': OK');
    expect((await verify(bothRoots, oldFile)).output).toContain(': OK');
    expect((await verify(oldRoot, newFile)).code).not.toBe(0);
    expect((await verify(newRoot, oldFile)).code).not.toBe(0);

    // Link certificates: NewWithOld verifies under the old root, OldWithNew under the new one, and each bridges.
    expect((await verify(oldRoot, g2!.newWithOldPath!)).output).toContain(': OK');
    expect((await verify(newRoot, g2!.oldWithNewPath!)).output).toContain(': OK');
    expect((await verify(oldRoot, newFile, '-untrusted', g2!.newWithOldPath!)).output).toContain(': OK');
    expect((await verify(newRoot, oldFile, '-untrusted', g2!.oldWithNewPath!)).output).toContain(': OK');

    const x509 = (pem: string) => new X509Certificate(pem);
    expect(x509(result.newWithOldPem).verify(x509(oldRootPem).publicKey)).toBe(true);
    expect(x509(result.oldWithNewPem).verify(x509(result.newRootPem).publicKey)).toBe(true);
    expect(x509(newCert.certPem).verify(x509(result.newRootPem).publicKey)).toBe(true);
    expect(spki(x509(result.newWithOldPem).publicKey)).toBe(spki(x509(result.newRootPem).publicKey));
    expect(spki(x509(result.oldWithNewPem).publicKey)).toBe(spki(x509(oldRootPem).publicKey));
    expect(x509(result.newWithOldPem).validTo).toBe(x509(oldRootPem).validTo);

    // One CRL per generation, each signed by the key that issued what it lists.
    await ca.revoke('auth', oldCert.serial, 'keyCompromise', { now: T1 });
    const crls = await ca.publishCrl('auth', { now: verifyAt });
    expect(crls.map((c) => c.generation)).toEqual([1, 2]);
    const allCrls = await file(
      'crls.pem',
      (await readFile(crls[0]!.pemPath, 'utf8')) + (await readFile(crls[1]!.pemPath, 'utf8')),
    );
    expect((await verify(bothRoots, oldFile, '-crl_check', '-CRLfile', allCrls)).output).toContain(
      'certificate revoked',
    );
    expect((await verify(bothRoots, newFile, '-crl_check', '-CRLfile', allCrls)).output).toContain(': OK');

    const reopened = await openCa(ca.dir);
    expect(reopened.generations('auth')).toHaveLength(2);
    expect(reopened.caCertPem('auth')).toBe(result.newRootPem);
    await rejectsWith(
      Promise.resolve().then(() => reopened.caCertPath('auth', 3)),
      'BAD_REQUEST',
      /generation 3/,
    );
  });

  it('refuses to roll over a root that has already expired', async () => {
    await rejectsWith(
      ca.rollover('sign', { now: new Date('2040-01-01T00:00:00Z') }),
      'WRONG_STATUS',
      /expired/,
    );
  });
});
