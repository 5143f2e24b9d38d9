import { generateKeyPairSync } from 'node:crypto';
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createCa, openCa, type JpkiCaErrorCode } from '../src';
import { HANAKO, T0 } from './helpers/facts';
import { tempDir } from './helpers/tmp';

const rejectsWith = (promise: Promise<unknown>, code: JpkiCaErrorCode, message?: RegExp) =>
  expect(promise).rejects.toMatchObject({ name: 'JpkiCaError', code, ...(message ? { message } : {}) });

describe('the state directory', () => {
  let dir: { path: string; remove: () => Promise<void> };
  let pristine: string;
  let serial: string;
  let copies = 0;

  beforeAll(async () => {
    dir = await tempDir();
    pristine = join(dir.path, 'pristine');
    const ca = await createCa(pristine, { now: T0 });
    const publicKeyPem = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .publicKey.export({ type: 'spki', format: 'pem' })
      .toString();
    serial = (await ca.issue('sign', { facts: HANAKO, publicKeyPem, now: T0 })).serial;
  });
  afterAll(() => dir.remove());

  /** A copy of a working CA directory, to break one file in. */
  async function copy(): Promise<string> {
    const target = join(dir.path, `copy-${++copies}`);
    await cp(pristine, target, { recursive: true });
    return target;
  }

  async function editIndex(
    target: string,
    edit: (index: { certificates: Record<string, unknown>[] }) => void,
  ) {
    const path = join(target, 'index.json');
    const index = JSON.parse(await readFile(path, 'utf8'));
    edit(index);
    await writeFile(path, JSON.stringify(index));
  }

  it('has the documented layout', async () => {
    const ca = await openCa(pristine);
    expect(ca.caCertPath('auth')).toBe(join(pristine, 'auth', 'g1', 'ca.pem'));
    expect(ca.crlPath('sign', 'der')).toBe(join(pristine, 'sign', 'g1', 'crl.der'));
    expect(ca.crlPath('sign', 'pem')).toBe(join(pristine, 'sign', 'g1', 'crl.pem'));
    expect(ca.serialListPath).toBe(join(pristine, 'serial-list.csv'));
    const [record] = ca.list();
    expect(record).toMatchObject({ serial, kind: 'sign', certPath: `certs/${serial}.pem` });
    expect(await readFile(join(pristine, record!.certPath), 'utf8')).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(JSON.parse(await readFile(join(pristine, 'ca.json'), 'utf8'))).toMatchObject({
      format: 1,
      auth: { generations: [{ generation: 1, crlNumber: 0 }] },
    });
  });

  it('refuses to open a directory with no CA, or one that does not exist', async () => {
    const empty = join(dir.path, 'empty');
    await mkdir(empty);
    await rejectsWith(openCa(empty), 'CA_NOT_FOUND', /ca\.json missing/);
    await rejectsWith(openCa(join(dir.path, 'nowhere')), 'CA_NOT_FOUND');
  });

  it('refuses to create a CA over other files', async () => {
    const busy = join(dir.path, 'busy');
    await mkdir(busy);
    await writeFile(join(busy, 'notes.txt'), 'hello');
    await rejectsWith(createCa(busy), 'CA_EXISTS', /not empty/);
  });

  it('reports an index that is not JSON', async () => {
    const target = await copy();
    await writeFile(join(target, 'index.json'), '{"format": 1, "certificates": [');
    await rejectsWith(openCa(target), 'STATE_CORRUPT', /index\.json/);
  });

  it('reports an index that does not match its schema, naming the field', async () => {
    const target = await copy();
    await editIndex(target, (index) => (index.certificates[0]!.status = 'lost'));
    await rejectsWith(openCa(target), 'STATE_CORRUPT', /\/certificates\/0\/status/);
  });

  it('reports a record whose status and revocation disagree', async () => {
    const target = await copy();
    await editIndex(target, (index) => (index.certificates[0]!.status = 'revoked'));
    await rejectsWith(
      openCa(target),
      'STATE_CORRUPT',
      new RegExp(`inconsistent record for serial ${serial}`),
    );
  });

  it('reports a missing root certificate or CA key', async () => {
    const noRoot = await copy();
    await rm(join(noRoot, 'auth', 'g1', 'ca.pem'));
    await rejectsWith(openCa(noRoot), 'STATE_CORRUPT', /auth\/g1\/ca\.pem/);

    const noKey = await copy();
    await rm(join(noKey, 'sign', 'g1', 'ca.key.pem'));
    const ca = await openCa(noKey);
    await rejectsWith(ca.publishCrl('sign'), 'STATE_CORRUPT', /ca\.key\.pem/);
  });
});
