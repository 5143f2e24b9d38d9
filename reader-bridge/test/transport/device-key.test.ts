import { sign, verify } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DEVICE_KEY_FILE, loadOrCreateDeviceKey } from '../../src/transport/device-key';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'madoguchi-state-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('device key', () => {
  it('is generated on first start as an ECDSA P-256 key, mode 0600, and the same on the next start', async () => {
    const state = path.join(dir, 'state');
    const first = await loadOrCreateDeviceKey(state);
    expect((await stat(path.join(state, DEVICE_KEY_FILE))).mode & 0o777).toBe(0o600);
    expect(first.privateKey.asymmetricKeyDetails).toMatchObject({ namedCurve: 'prime256v1' });
    expect(first.deviceId).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    const again = await loadOrCreateDeviceKey(state);
    expect(again.deviceId).toBe(first.deviceId);
    const sig = sign('sha256', Buffer.from('x'), again.privateKey);
    expect(verify('sha256', Buffer.from('x'), first.publicKeyPem, sig)).toBe(true);
    expect(await readFile(path.join(state, DEVICE_KEY_FILE), 'utf8')).toMatch(/BEGIN PRIVATE KEY/);
  });

  it('refuses a key file that others can read, naming the fix', async () => {
    await loadOrCreateDeviceKey(dir);
    await chmod(path.join(dir, DEVICE_KEY_FILE), 0o644);
    await expect(loadOrCreateDeviceKey(dir)).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: expect.stringMatching(/chmod 600/),
    });
  });
});
