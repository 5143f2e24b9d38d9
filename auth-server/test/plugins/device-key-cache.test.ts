import { DeviceKeyCache } from '../../src/domain/authenticate-device';
import { buildPki, challenge, enrol, newDevice, post, startServer, type TestPki } from '../helpers/fixture';

let pki: TestPki;
beforeAll(async () => {
  pki = await buildPki();
}, 60_000);
afterAll(() => pki.cleanup());

describe('device key cache', () => {
  it('refuses a revoked device on the very next request, though its key is cached', async () => {
    const server = await startServer(pki);
    try {
      const device = await enrol(server);
      await challenge(server, device);
      await challenge(server, device); // the key is cached by now
      await server.deps.store.revokeDevice(device.deviceId, server.clock.now());
      const res = await post(server, device, '/v1/challenges', { serviceId: 'gyosei', purpose: 'link' });
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ code: 'DEVICE_REVOKED' });
    } finally {
      await server.close();
    }
  });

  it('keys an entry by device and enrolled key: another key for the same id is parsed afresh', () => {
    const cache = new DeviceKeyCache(2);
    const a = newDevice('box-1');
    const b = newDevice('box-1');
    const keyA = cache.get('box-1', a.publicKeyPem);
    expect(cache.get('box-1', a.publicKeyPem)).toBe(keyA);
    const keyB = cache.get('box-1', b.publicKeyPem);
    expect(keyB).not.toBe(keyA);
    expect(keyB.export({ type: 'spki', format: 'pem' })).toBe(b.publicKeyPem);
    cache.get('box-2', newDevice('box-2').publicKeyPem);
    expect(cache.size).toBe(2); // bounded: the least recently used went
  });

  it('refuses a malformed enrolled key without caching anything', () => {
    const cache = new DeviceKeyCache();
    expect(() => cache.get('box-1', 'not a key')).toThrow();
    expect(cache.size).toBe(0);
  });
});
