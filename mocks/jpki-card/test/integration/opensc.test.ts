import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { buildStandardProfiles, simLayout } from '../../src/profile/build-profiles';
import { loadProfile } from '../../src/profile/load-profile';
import { DEMO_PINS } from '../../src/profile/standard-profiles';
import { pcscdAvailability, startPcscd, waitFor, type PcscdStack } from '../../src/stack/pcscd-stack';
import { insertCardProcess, type CardProcess } from '../helpers/card-process';

/**
 * The virtual card through software nobody here wrote: real pcscd with vsmartcard's vpcd reader, and Debian's
 * OpenSC (its jpki driver, pkcs15-tool, the PKCS#11 module) — the "Must show".
 */
const execFileAsync = promisify(execFile);
const MODULE = '/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so';
const unavailable = pcscdAvailability();
const describeReal = unavailable && process.env.MADOGUCHI_REQUIRE_PCSC !== '1' ? describe.skip : describe;
if (unavailable) console.warn(`OpenSC tests skipped: ${unavailable}`);

let stack: PcscdStack;
let state: string;
let card: CardProcess;
let work: string;

/** Runs an OpenSC tool against this test's pcscd; resolves with stdout+stderr and the exit code (never rejects). */
async function tool(cmd: string, args: string[]): Promise<{ out: string; code: number }> {
  try {
    const r = await execFileAsync(cmd, args, { env: { ...process.env, ...stack.clientEnv } });
    return { out: r.stdout + r.stderr, code: 0 };
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; code?: number };
    return { out: `${err.stdout ?? ''}${err.stderr ?? ''}`, code: err.code ?? 1 };
  }
}

const pinTriesLeft = async (label: string): Promise<number> => {
  const { out } = await tool('pkcs15-tool', ['--list-pins']);
  const block = out.split(/\n\n/).find((b) => b.includes(label));
  return Number(/Tries left\s*:\s*(\d+)/.exec(block ?? '')?.[1]);
};

const login = (pin: string) =>
  tool('pkcs11-tool', ['--module', MODULE, '--slot', '0', '--login', '--pin', pin, '--list-objects']);

const readerShows = async (present: 'Yes' | 'No') =>
  new RegExp(`0\\s+${present}\\s+Virtual PCD 00 00`).test((await tool('opensc-tool', ['-l'])).out);

/**
 * Takes the card out, waits until pcscd has seen it go, and puts in a fresh one of `profile` (fresh PIN counters):
 * a swap faster than pcscd's presence polling would look like no change at all.
 */
async function freshCard(profile: string): Promise<void> {
  expect(await card.control('remove')).toBe('ok removed');
  await waitFor(() => readerShows('No'), 5000);
  expect(await card.control(`swap ${profile}`)).toBe(`ok swapped to ${profile}`);
  await waitFor(() => readerShows('Yes'), 5000);
}

describeReal('the virtual card through real pcscd and OpenSC', () => {
  beforeAll(async () => {
    state = await mkdtemp(path.join(os.tmpdir(), 'madoguchi-opensc-'));
    work = path.join(state, 'work');
    await buildStandardProfiles(state);
    stack = await startPcscd();
    card = await insertCardProcess(stack, state, 'valid');
    await waitFor(() => readerShows('Yes'), 10_000);
    await execFileAsync('mkdir', ['-p', work]);
  }, 60_000);

  afterAll(async () => {
    await card?.stop();
    await stack?.stop();
    await rm(state, { recursive: true, force: true });
  });

  it('is bound by OpenSC as a JPKI card', async () => {
    const { out } = await tool('opensc-tool', ['-n']);
    expect(out.split('\n')[0]).toBe('jpki'); // OpenSC's own JPKI driver took it
  });

  it('lists both certificates and both CA certificates with pkcs15-tool', async () => {
    const { out, code } = await tool('pkcs15-tool', ['--list-certificates']);
    expect(code).toBe(0);
    expect(out).toMatch(/\[User Authentication Certificate\][\s\S]*Path\s*:\s*000a[\s\S]*ID\s*:\s*01/);
    expect(out).toMatch(/\[Digital Signature Certificate\][\s\S]*Path\s*:\s*0001[\s\S]*ID\s*:\s*02/);
    expect(out).toMatch(/\[User Authentication Certificate CA\]/);
    expect(out).toMatch(/\[Digital Signature Certificate CA\]/);
  });

  it('reads the authentication certificate byte-identical to the one issued', async () => {
    const profile = await loadProfile(simLayout(state).profile('valid'));
    const { out, code } = await tool('pkcs15-tool', ['--read-certificate', '01']);
    expect(code).toBe(0);
    const pem = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(out)?.[0] ?? '';
    const der = Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
    expect(der.equals(Buffer.from(profile.jpki.authCert, 'base64'))).toBe(true);
  });

  it('signs through the PKCS#11 module after login, and openssl verifies it with the issued certificate', async () => {
    const profile = await loadProfile(simLayout(state).profile('valid'));
    const data = path.join(work, 'data.txt');
    const sig = path.join(work, 'auth.sig');
    const certPem = path.join(work, 'auth.pem');
    const pubPem = path.join(work, 'auth.pub.pem');
    await writeFile(data, '窓口で本人確認\n');
    const b64 = profile.jpki.authCert.replace(/.{64}/g, '$&\n');
    await writeFile(certPem, `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`);
    const signed = await tool('pkcs11-tool', [
      '--module',
      MODULE,
      '--slot',
      '0',
      '--login',
      '--pin',
      DEMO_PINS.auth,
      '--sign',
      '--mechanism',
      'SHA256-RSA-PKCS',
      '--id',
      '01',
      '-i',
      data,
      '-o',
      sig,
    ]);
    expect(signed.code).toBe(0);
    await execFileAsync('openssl', ['x509', '-in', certPem, '-pubkey', '-noout', '-out', pubPem]);
    const verified = await execFileAsync('openssl', [
      'dgst',
      '-sha256',
      '-verify',
      pubPem,
      '-signature',
      sig,
      data,
    ]);
    expect(verified.stdout).toMatch(/Verified OK/);
    expect((await readFile(sig)).length).toBe(256);
  });

  it('signs with the signature key after the signature PIN', async () => {
    const data = path.join(work, 'doc.txt');
    const sig = path.join(work, 'sign.sig');
    await writeFile(data, '住民票の写しの交付申請\n');
    const signed = await tool('pkcs11-tool', [
      '--module',
      MODULE,
      '--slot',
      '1',
      '--login',
      '--pin',
      DEMO_PINS.sign,
      '--sign',
      '--mechanism',
      'SHA256-RSA-PKCS',
      '--id',
      '02',
      '-i',
      data,
      '-o',
      sig,
    ]);
    expect(signed.code).toBe(0);
    expect((await readFile(sig)).length).toBe(256);
  });

  it('counts wrong PINs down and blocks exactly at zero, then refuses even the right PIN', async () => {
    await freshCard('valid');
    expect(await pinTriesLeft('User Authentication PIN')).toBe(3);
    for (const left of [2, 1]) {
      const r = await login('0000');
      expect(r.out).toMatch(/CKR_PIN_INCORRECT/);
      expect(await pinTriesLeft('User Authentication PIN')).toBe(left);
    }
    const last = await login('0000');
    expect(last.code).not.toBe(0);
    expect(await pinTriesLeft('User Authentication PIN')).toBe(0);
    const right = await login(DEMO_PINS.auth);
    expect(right.code).not.toBe(0);
    expect(right.out).toMatch(/CKR_PIN_(LOCKED|INCORRECT)/);
    expect(await pinTriesLeft('User Authentication PIN')).toBe(0);
  });

  it('resets the counter on a right PIN', async () => {
    await freshCard('valid');
    await login('0000');
    expect(await pinTriesLeft('User Authentication PIN')).toBe(2);
    expect((await login(DEMO_PINS.auth)).code).toBe(0);
    expect(await pinTriesLeft('User Authentication PIN')).toBe(3);
  });

  it('shows a blocked card as bound, with 0 tries left', async () => {
    await freshCard('auth-pin-blocked');
    expect(await pinTriesLeft('User Authentication PIN')).toBe(0);
    expect((await tool('pkcs15-tool', ['--list-certificates'])).code).toBe(0);
  });

  it('sees the card leave and come back', async () => {
    expect(await card.control('remove')).toBe('ok removed');
    await waitFor(() => readerShows('No'), 5000);
    expect(await card.control('insert')).toBe('ok inserted');
    await waitFor(() => readerShows('Yes'), 5000);
  });
});
