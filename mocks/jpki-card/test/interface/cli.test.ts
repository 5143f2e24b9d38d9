import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { readSerialList } from '@madoguchi/jpki-ca';
import { CLI } from '../helpers/card-process';

/** The built jpki-sim as a user runs it: exit codes, --help everywhere, and the card lifecycle commands. */
const run = promisify(execFile);
let state: string;

async function sim(...args: string[]): Promise<{ out: string; err: string; code: number }> {
  try {
    const r = await run(process.execPath, [CLI, '--state', state, ...args]);
    return { out: r.stdout, err: r.stderr, code: 0 };
  } catch (e) {
    const x = e as { stdout: string; stderr: string; code: number };
    return { out: x.stdout, err: x.stderr, code: x.code };
  }
}

beforeAll(async () => {
  state = await mkdtemp(path.join(os.tmpdir(), 'madoguchi-cli-'));
});
afterAll(() => rm(state, { recursive: true, force: true }));

describe('jpki-sim', () => {
  it('lists every command in its help and exits 0', async () => {
    const { out, code } = await sim('--help');
    expect(code).toBe(0);
    for (const c of [
      'ca create',
      'ca rollover',
      'crl publish',
      'profiles build',
      'card issue',
      'card insert',
      'demo',
    ]) {
      expect(out).toContain(c);
    }
  });

  it.each([
    ['ca', 'create'],
    ['ca', 'rollover'],
    ['crl', 'publish'],
    ['profiles', 'build'],
    ['profiles', 'list'],
    ['card', 'issue'],
    ['card', 'renew'],
    ['card', 'revoke'],
    ['card', 'insert'],
    ['card', 'remove'],
    ['card', 'put-back'],
    ['card', 'swap'],
    ['demo'],
  ])('has --help for %s %s', async (...words) => {
    const { out, code } = await sim(...words.filter(Boolean), '--help');
    expect(code).toBe(0);
    expect(out).toMatch(/usage: jpki-sim/);
  });

  it('exits 2 with the usage for an unknown command or a bad option', async () => {
    expect((await sim('frobnicate')).code).toBe(2);
    const bad = await sim('card', 'revoke', 'x', '--reason', 'boredom');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--reason must be one of/);
    const pin = await sim('card', 'issue', 'ok-name', '--sign-pin', 'abc');
    expect(pin.code).toBe(2);
    expect(pin.err).not.toContain('abc'); // a PIN is never echoed back
  });

  it('issues, renews and revokes a card, keeping the serial list and the manifest in step', async () => {
    expect(
      (await sim('card', 'issue', 'suzuki', '--name', '鈴木 一郎', '--birth', '19400101', '--sex', '1')).code,
    ).toBe(0);
    const profile = JSON.parse(await readFile(path.join(state, 'profiles', 'suzuki.json'), 'utf8'));
    expect(profile.cardInfo.basicFour).toMatchObject({
      name: '鈴木 一郎',
      dateOfBirth: '19400101',
      sex: '1',
    });

    expect((await sim('card', 'renew', 'suzuki', '--as', 'suzuki-2')).code).toBe(0);
    const manifest = JSON.parse(
      await readFile(path.join(state, 'profiles', 'manifest.json'), 'utf8'),
    ) as Array<{
      name: string;
      serials: { auth: string };
    }>;
    const serial = (name: string) => manifest.find((m) => m.name === name)!.serials.auth;
    const rows = await readSerialList(path.join(state, 'ca', 'serial-list.csv'));
    expect(rows).toContainEqual(
      expect.objectContaining({ kind: 'auth', oldSerial: serial('suzuki'), newSerial: serial('suzuki-2') }),
    );

    expect(
      (await sim('card', 'revoke', 'suzuki-2', '--kind', 'sign', '--reason', 'affiliationChanged')).code,
    ).toBe(0);
    const crl = await run('openssl', [
      'crl',
      '-inform',
      'DER',
      '-in',
      path.join(state, 'ca', 'sign', 'g1', 'crl.der'),
      '-noout',
      '-text',
    ]);
    expect(crl.stdout).toMatch(/Affiliation Changed/);
  }, 30_000);

  it('says which card is missing', async () => {
    const r = await sim('card', 'revoke', 'nobody');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/no card named nobody/);
  });
});
