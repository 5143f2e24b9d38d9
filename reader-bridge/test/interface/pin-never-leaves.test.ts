import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { systemClock } from '../../src/protocol/clock';
import { loadOrCreateDeviceKey } from '../../src/transport/device-key';
import { HttpServerClient } from '../../src/transport/server-client';
import { testBridge } from '../helpers/bridge';
import { newCard } from '../helpers/cards';
import { startFakeAuthServer } from '../helpers/fake-auth-server';
import { connectTv } from '../helpers/tv-client';

/** The PIN as a value of its own (quoted, or between non-base64 characters): not inside a base64 blob by chance. */
const leaks = (text: string, pin: string) =>
  new RegExp(`(^|[^A-Za-z0-9_+/=-])${pin}($|[^A-Za-z0-9_+/=-])`).test(text);

it('never puts the PIN in a log line, a frame to the TV or a request to the server', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'madoguchi-leak-'));
  const identity = await loadOrCreateDeviceKey(dir);
  const server = await startFakeAuthServer({ devices: { [identity.deviceId]: identity.publicKeyPem } });
  const http = new HttpServerClient({ baseUrl: server.url, identity, timeoutMs: 2000, clock: systemClock });
  const { bridge, logs } = await testBridge(await newCard('valid'), { server: http });
  try {
    const tv = await connectTv(bridge.port);
    tv.send({ type: 'login.start', operationId: 'leak', serviceId: 'gyosei' });
    await tv.next('pin.needed');
    tv.send({ type: 'pin.submit', operationId: 'leak', pin: '9731' }); // wrong, then right
    await tv.next('pin.needed', (m) => m.retryReason === 'PIN_WRONG');
    tv.send({ type: 'pin.submit', operationId: 'leak', pin: '1234' });
    await tv.next('login.done');
    tv.close();

    const frames = tv.received.map((m) => JSON.stringify(m));
    expect(logs.length).toBeGreaterThan(3);
    expect(frames.length).toBeGreaterThan(5);
    expect(server.rawBodies).toHaveLength(3); // challenge, service info (GET, empty), assertion
    for (const pin of ['9731', '1234']) {
      for (const [where, texts] of [
        ['log', logs],
        ['TV frame', frames],
        ['server body', server.rawBodies],
      ] as const) {
        expect({ where, leaked: texts.filter((t) => leaks(t, pin)) }).toEqual({ where, leaked: [] });
      }
    }
    // The check itself can fail: the PIN as the TV sent it would be caught.
    expect(leaks(JSON.stringify({ pin: '1234' }), '1234')).toBe(true);
  } finally {
    await bridge.stop();
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
});
