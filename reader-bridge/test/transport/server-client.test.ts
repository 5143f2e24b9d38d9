import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sha256DigestInfo, toBeSigned } from '@madoguchi/protocol';
import { JpkiCard } from '../../src/domain/jpki-card';
import { PinSecret } from '../../src/domain/pin-secret';
import { systemClock } from '../../src/protocol/clock';
import { loadOrCreateDeviceKey, type DeviceIdentity } from '../../src/transport/device-key';
import { HttpServerClient } from '../../src/transport/server-client';
import { DEMO, inserted } from '../helpers/cards';
import { startFakeAuthServer } from '../helpers/fake-auth-server';

let dir: string;
let identity: DeviceIdentity;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'madoguchi-client-'));
  identity = await loadOrCreateDeviceKey(dir);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const client = (baseUrl: string, timeoutMs = 2000, id = identity) =>
  new HttpServerClient({ baseUrl, identity: id, timeoutMs, clock: systemClock });

describe('HTTP server client', () => {
  it('gets a challenge and tokens from a server that checks the device signature and the card signature', async () => {
    const server = await startFakeAuthServer({ devices: { [identity.deviceId]: identity.publicKeyPem } });
    try {
      const api = client(server.url);
      const challenge = await api.createChallenge({ serviceId: 'gyosei', purpose: 'login' });
      expect(challenge.deviceId).toBe(identity.deviceId);
      const { channel } = await inserted('valid');
      const card = new JpkiCard(channel);
      const certificate = await card.readCertificate('auth');
      await card.verifyPin('auth', PinSecret.fromText(DEMO.auth));
      const signature = await card.sign('auth', sha256DigestInfo(toBeSigned(challenge)));
      const { tokens } = await api.submitAssertion({
        challengeId: challenge.challengeId,
        keyKind: 'auth',
        certificate: Buffer.from(certificate).toString('base64url'),
        signature: Buffer.from(signature).toString('base64url'),
      });
      expect(tokens.tokenType).toBe('Bearer');
      await expect(
        api.submitAssertion({
          challengeId: challenge.challengeId,
          keyKind: 'auth',
          certificate: Buffer.from(certificate).toString('base64url'),
          signature: Buffer.from(signature).toString('base64url'),
        }),
      ).rejects.toMatchObject({ code: 'CHALLENGE_USED' });
    } finally {
      await server.close();
    }
  });

  it("passes on the server's refusal code for an unknown device", async () => {
    const other = await loadOrCreateDeviceKey(path.join(dir, 'other'));
    const server = await startFakeAuthServer({ devices: { [identity.deviceId]: identity.publicKeyPem } });
    try {
      await expect(
        client(server.url, 2000, other).createChallenge({ serviceId: 'gyosei', purpose: 'login' }),
      ).rejects.toMatchObject({ code: 'DEVICE_UNKNOWN' });
    } finally {
      await server.close();
    }
  });

  it('says SERVER_UNREACHABLE when nothing listens, on a time-out, and on a bare 502', async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    await expect(
      client(`http://127.0.0.1:${port}`).createChallenge({ serviceId: 'gyosei', purpose: 'login' }),
    ).rejects.toMatchObject({
      code: 'SERVER_UNREACHABLE',
    });

    const slow = await startFakeAuthServer({
      devices: { [identity.deviceId]: identity.publicKeyPem },
      delayMs: 500,
    });
    try {
      const started = Date.now();
      await expect(
        client(slow.url, 100).createChallenge({ serviceId: 'gyosei', purpose: 'login' }),
      ).rejects.toMatchObject({
        code: 'SERVER_UNREACHABLE',
      });
      expect(Date.now() - started).toBeLessThan(400);
    } finally {
      await slow.close();
    }

    const proxy = http.createServer((_req, res) => res.writeHead(502).end('<html>bad gateway</html>'));
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
      await expect(
        client(url).createChallenge({ serviceId: 'gyosei', purpose: 'login' }),
      ).rejects.toMatchObject({
        code: 'SERVER_UNREACHABLE',
      });
    } finally {
      proxy.closeAllConnections();
      await new Promise((r) => proxy.close(r));
    }
  });
});
