import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  main as serverCli,
  openStore,
  parseConfig,
  type Config,
  type StoreConfig,
} from '@madoguchi/auth-server';
import { loadOrCreateDeviceKey, type BridgeConfig } from '@madoguchi/reader-bridge';
import { REGISTRATIONS, SERVICE_NAMES, type ServiceName } from '@madoguchi/services';
import type { StackLayout } from './layout';
import type { StackPorts } from './ports';

const LOOPBACK = '127.0.0.1';
export const urlOf = (port: number) => `http://${LOOPBACK}:${port}`;

async function writeJson(file: string, value: unknown, mode = 0o644): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  await writeFile(file, `${JSON.stringify(value, null, 2)}\n`, { mode });
}

/**
 * The auth-server's config: the test CA's two roots with their CRLs (the J-LIS layout the server reads from a CA
 * directory), the four sample services as mocks/services registers them, SQLite in STATE/auth-server unless `store`
 * says otherwise. Checked with the server's own parser before anything starts, so a mistake shows here and not as a
 * dead child process. Every instance reads this one file (and so shares the state directory's secrets); each is
 * given its own port through MADOGUCHI_SERVER_LISTEN_PORT.
 */
export async function writeServerConfig(
  layout: StackLayout,
  ports: StackPorts,
  store?: StoreConfig,
): Promise<Config> {
  const file = {
    stateDir: layout.serverState,
    ...(store ? { store } : {}),
    issuer: urlOf(ports.auth),
    listen: { host: LOOPBACK, port: ports.auth },
    trust: {
      auth: { dir: path.join(layout.sim.ca, 'auth') },
      sign: { dir: path.join(layout.sim.ca, 'sign') },
    },
    services: SERVICE_NAMES.map((name) => REGISTRATIONS[name]),
    logLevel: 'warn',
  };
  const config = parseConfig(file, {}, path.dirname(layout.serverConfig));
  await writeJson(layout.serverConfig, file);
  // The operator commands below open the SQLite file in it before the server has ever run.
  await mkdir(layout.serverState, { recursive: true, mode: 0o700 });
  return config;
}

/** Runs one auth-server operator command (the same code as `madoguchi-server`); its printed lines. */
async function runServerCommand(layout: StackLayout, args: string[]): Promise<string[]> {
  const out: string[] = [];
  const errors: string[] = [];
  const code = await serverCli(
    ['--config', layout.serverConfig, ...args],
    process.env,
    (line) => out.push(line),
    (line) => errors.push(line),
  );
  if (code !== 0) throw new Error(`madoguchi-server ${args[0]}: ${errors.join(' ')}`);
  return out;
}

/** Makes the bridge's device key on first run and enrols it, as an operator would enrol a new box. */
export async function enrolBridge(layout: StackLayout, config: Config): Promise<string> {
  const identity = await loadOrCreateDeviceKey(layout.bridgeState);
  const store = await openStore(config.store);
  let enrolled: boolean;
  try {
    enrolled = (await store.getDevice(identity.deviceId)) !== undefined;
  } finally {
    await store.close();
  }
  if (!enrolled) {
    await writeFile(layout.devicePublicKey, identity.publicKeyPem);
    await runServerCommand(layout, [
      'enrol-device',
      '--id',
      identity.deviceId,
      '--public-key',
      layout.devicePublicKey,
      '--label',
      'madoguchi-stack',
    ]);
  }
  return identity.deviceId;
}

/**
 * Fresh client secrets for the four services on every start (the server keeps only hashes, so they cannot be read
 * back), and a staff token for their /staff routes; one 0600 file in the format `madoguchi-services` reads.
 */
export async function writeServicesCredentials(layout: StackLayout): Promise<string> {
  const credentials: Partial<Record<ServiceName | 'staff', string>> = {};
  for (const name of SERVICE_NAMES) {
    [credentials[name]] = await runServerCommand(layout, [
      'issue-service-secret',
      '--id',
      REGISTRATIONS[name].id,
    ]);
  }
  credentials.staff = randomBytes(24).toString('base64url');
  await writeJson(layout.servicesCredentials, credentials, 0o600);
  return credentials.staff;
}

export type CardSource = { kind: 'pcsc'; readerName: string } | { kind: 'virtual'; profile: string };

/** The bridge's config (reader-bridge's schema): the TV app's origin is the only one allowed on its WebSocket. */
export async function writeBridgeConfig(
  layout: StackLayout,
  ports: StackPorts,
  card: CardSource,
): Promise<void> {
  const file: Pick<BridgeConfig, 'port' | 'allowedOrigins' | 'serverUrl' | 'stateDir' | 'card' | 'logLevel'> &
    Partial<BridgeConfig> = {
    port: ports.bridge,
    allowedOrigins: [urlOf(ports.tv)],
    serverUrl: urlOf(ports.auth),
    stateDir: layout.bridgeState,
    card: card.kind === 'pcsc' ? 'pcsc' : `virtual:${card.profile}`,
    ...(card.kind === 'pcsc' ? { readerName: card.readerName } : {}),
    logLevel: 'info',
  };
  await writeJson(layout.bridgeConfig, file);
}
