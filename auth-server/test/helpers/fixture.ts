import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { DestinationStream } from 'pino';
import { buildStandardProfiles, simLayout, type CardProfile, type ManifestEntry } from '@madoguchi/jpki-card';
import { DEVICE_HEADER, deviceSigningString, toBeSigned, type Challenge } from '@madoguchi/protocol';
import type { Config } from '../../src/config/config-schema';
import { parseConfig } from '../../src/config/load-config';
import { createDeps, type DepsOptions } from '../../src/deps';
import { FixedClock } from '../../src/domain/clock';
import type { ServerDeps } from '../../src/plugins/services';
import { buildServer } from '../../src/server';

/** The moment the test PKI is issued; servers' clocks start a minute later. */
export const ISSUED_AT = new Date('2026-03-01T00:00:00Z');
export const NOW = new Date(ISSUED_AT.getTime() + 60_000);

export interface TestPki {
  dir: string;
  manifest: ManifestEntry[];
  profile(name: string): CardProfile;
  cleanup(): void;
}

/** The standard cards and the test CA, issued once per test file (RSA key generation takes seconds). */
export async function buildPki(issuedAt = ISSUED_AT): Promise<TestPki> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'madoguchi-pki-'));
  const manifest = await buildStandardProfiles(dir, { now: issuedAt });
  return {
    dir,
    manifest,
    profile: (name) => JSON.parse(readFileSync(simLayout(dir).profile(name), 'utf8')) as CardProfile,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export const SERVICES = [
  { id: 'gyosei', assurance: 'auth' },
  { id: 'bosai', assurance: 'auth' },
  { id: 'kotsu', assurance: 'sign' },
] as const;

export function testConfig(pki: TestPki, over: Record<string, unknown> = {}): Config {
  const ca = simLayout(pki.dir).ca;
  const state = mkdtempSync(path.join(os.tmpdir(), 'madoguchi-state-'));
  return parseConfig({
    stateDir: state,
    issuer: 'http://127.0.0.1:8080',
    trust: { auth: { dir: path.join(ca, 'auth') }, sign: { dir: path.join(ca, 'sign') } },
    services: SERVICES,
    rateLimit: { max: 100_000 },
    logLevel: 'silent',
    ...over,
  });
}

export interface TestServer {
  app: FastifyInstance;
  deps: ServerDeps;
  clock: FixedClock;
  config: Config;
  close(): Promise<void>;
}

export async function startServer(
  pki: TestPki,
  over: Record<string, unknown> = {},
  options: DepsOptions & { clock?: FixedClock; logStream?: DestinationStream } = {},
): Promise<TestServer> {
  const config = testConfig(pki, over);
  const clock = options.clock ?? new FixedClock(NOW);
  const deps = await createDeps(config, { ...options, clock });
  const app = await buildServer(config, deps, { logStream: options.logStream ?? false });
  return {
    app,
    deps,
    clock,
    config,
    close: async () => {
      await app.close();
      await deps.store.close();
      rmSync(config.stateDir, { recursive: true, force: true });
    },
  };
}

export interface TestDevice {
  deviceId: string;
  privateKey: KeyObject;
  publicKeyPem: string;
}

export function newDevice(deviceId = `box-${Math.random().toString(36).slice(2, 12)}`): TestDevice {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { deviceId, privateKey, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

export async function enrol(server: TestServer, device = newDevice()): Promise<TestDevice> {
  await server.deps.store.enrolDevice({ ...device, label: 'test box', enrolledAt: server.clock.now() });
  return device;
}

/** Headers of protocol's device request signature, as the bridge makes them. */
export function deviceHeaders(device: TestDevice, method: string, url: string, body: string, at: Date) {
  const timestamp = Math.floor(at.getTime() / 1000);
  const signed = deviceSigningString({
    method,
    path: url,
    deviceId: device.deviceId,
    timestamp,
    bodySha256: createHash('sha256').update(body).digest('base64url'),
  });
  return {
    [DEVICE_HEADER.DEVICE]: device.deviceId,
    [DEVICE_HEADER.TIMESTAMP]: String(timestamp),
    [DEVICE_HEADER.SIGNATURE]: sign('sha256', Buffer.from(signed), {
      key: device.privateKey,
      dsaEncoding: 'ieee-p1363',
    }).toString('base64url'),
  };
}

/** A device-signed JSON POST through inject(). */
export function post(
  server: TestServer,
  device: TestDevice,
  url: string,
  payload: unknown,
): Promise<LightMyRequestResponse> {
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
  return server.app.inject({
    method: 'POST',
    url,
    payload: body,
    headers: {
      'content-type': 'application/json',
      ...deviceHeaders(device, 'POST', url, body, server.clock.now()),
    },
  });
}

/** A challenge; by default for `link`, the consenting first use that a plain `login` needs before it. */
export async function challenge(
  server: TestServer,
  device: TestDevice,
  serviceId = 'gyosei',
  purpose: Challenge['purpose'] = 'link',
): Promise<Challenge> {
  const res = await post(server, device, '/v1/challenges', { serviceId, purpose });
  if (res.statusCode !== 201) throw new Error(`challenge refused: ${res.body}`);
  return res.json<Challenge>();
}

/** What the bridge sends: the card's certificate and its signature over toBeSigned(challenge). */
export function assertion(
  card: CardProfile,
  c: Pick<Challenge, 'challengeId' | 'nonce' | 'serviceId' | 'deviceId' | 'purpose'>,
  keyKind: 'auth' | 'sign' = 'auth',
) {
  const certificate = keyKind === 'auth' ? card.jpki.authCert : card.jpki.signCert!;
  const key = keyKind === 'auth' ? card.jpki.authKey : card.jpki.signKey!;
  return {
    challengeId: c.challengeId,
    keyKind,
    certificate: Buffer.from(certificate, 'base64').toString('base64url'),
    signature: sign('sha256', toBeSigned(c), key).toString('base64url'),
  };
}
