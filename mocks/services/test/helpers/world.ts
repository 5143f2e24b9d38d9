import { createServer } from 'node:net';
import { X509Certificate } from 'node:crypto';
import type { CardProfile } from '@madoguchi/jpki-card';
import {
  enrol,
  startServer,
  type TestDevice,
  type TestPki,
  type TestServer,
} from '../../../../auth-server/test/helpers/fixture';
import { serviceAuth } from '../../../../auth-server/test/helpers/links';
import { REGISTRATIONS, SERVICE_NAMES, type ServiceName } from '../../src/registrations';
import { startServices, type RunningServices } from '../../src/interface/start-services';

export const STAFF_TOKEN = 'staff-token-for-tests';
export const secretOf = (name: ServiceName) => `secret-of-${name}`;

/** A free TCP port on loopback: the issuer URL must name the port before the server is built. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
    probe.once('error', reject);
  });
}

export interface World {
  /** The real auth-server, listening on 127.0.0.1, with the four registrations; its clock is frozen. */
  server: TestServer;
  issuer: string;
  /** An enrolled box: the bridge's calls go through the auth-server helpers with this device's signatures. */
  device: TestDevice;
  running: RunningServices;
  close(): Promise<void>;
}

/** The auth-server and the four services, each on its own port, the services on the server's clock. */
export async function startWorld(pki: TestPki): Promise<World> {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const server = await startServer(pki, { services: Object.values(REGISTRATIONS), issuer });
  await server.app.listen({ host: '127.0.0.1', port });
  // As the operator does with `issue-service-secret`.
  for (const name of SERVICE_NAMES) await serviceAuth(server, REGISTRATIONS[name].id, secretOf(name));
  const credentials = Object.fromEntries(SERVICE_NAMES.map((n) => [n, secretOf(n)])) as Record<
    ServiceName,
    string
  >;
  const running = await startServices({
    authServerUrl: issuer,
    credentials,
    ports: { 'city-hall': 0, disaster: 0, hospital: 0, transport: 0 },
    staffToken: STAFF_TOKEN,
    clock: () => server.clock.now(),
  });
  const device = await enrol(server);
  return {
    server,
    issuer,
    device,
    running,
    close: async () => {
      await running.close();
      await server.close();
    },
  };
}

export interface Answer {
  status: number;
  // Test code reads whatever the service answered.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

/** What the TV does: a call to one service with the viewer's Bearer token (or the staff's, or none). */
export async function call(
  world: World,
  name: ServiceName,
  method: 'GET' | 'POST',
  path: string,
  token?: string,
  body?: unknown,
): Promise<Answer> {
  const res = await fetch(`${world.running.services[name].url}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: await res.json() };
}

/** The operator's route, as after a loss report. */
export async function operator(world: World, method: 'GET' | 'POST', url: string) {
  return world.server.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${world.server.deps.secrets.operatorToken}` },
  });
}

export async function holderIdOf(world: World, card: CardProfile): Promise<string> {
  const { serialNumber } = new X509Certificate(Buffer.from(card.jpki.authCert, 'base64'));
  return (await operator(world, 'GET', `/v1/admin/holders?serial=${serialNumber}`)).json().holders[0]
    .holderId;
}

/** A card of the same holder with its own authentication certificate (and the given signature certificate). */
export function cardWith(
  base: CardProfile,
  kind: 'auth' | 'sign',
  issued: { certDer: Uint8Array; privateKeyPem?: string },
): CardProfile {
  const cert = Buffer.from(issued.certDer).toString('base64');
  return {
    ...base,
    jpki:
      kind === 'auth'
        ? { ...base.jpki, authCert: cert, authKey: issued.privateKeyPem! }
        : { ...base.jpki, signCert: cert, signKey: issued.privateKeyPem! },
  };
}
