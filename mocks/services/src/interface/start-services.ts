import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Shelter } from '@madoguchi/protocol';
import { systemClock, type Clock } from '../domain/clock';
import { DEFAULT_SHELTERS } from '../domain/disaster';
import { DEMO_PATIENTS, seedPatients, type Patient } from '../domain/hospital';
import { REGISTRATIONS, SERVICE_NAMES, type ServiceName } from '../registrations';
import { memoryStore } from '../store/memory-store';
import { sqliteStore } from '../store/sqlite-store';
import type { Store } from '../store/store';
import { discoverRelyingParty } from '../transport/relying-party';
import { buildServiceApp } from './http/build-service-app';

export const DEFAULT_PORTS: Record<ServiceName, number> = {
  'city-hall': 8081,
  disaster: 8082,
  hospital: 8083,
  transport: 8084,
};

export interface StartOptions {
  /** The auth-server's issuer URL (discovery is fetched from it at start). */
  authServerUrl: string;
  /** Each service's client secret, issued by the operator (`issue-service-secret --id <registration id>`). */
  credentials: Record<ServiceName, string>;
  /** Listening ports (0: any free one); default DEFAULT_PORTS. */
  ports?: Partial<Record<ServiceName, number>>;
  host?: string;
  /** One SQLite file per service here; in memory when absent. */
  dataDir?: string;
  /** The token the city's staff present on /staff routes; random when absent. */
  staffToken?: string;
  clock?: Clock;
  logger?: boolean;
  patients?: readonly Patient[];
  shelters?: readonly Shelter[];
}

export interface RunningService {
  url: string;
  app: FastifyInstance;
  store: Store;
}

export interface RunningServices {
  services: Record<ServiceName, RunningService>;
  staffToken: string;
  close(): Promise<void>;
}

function openStore(name: ServiceName, dataDir: string | undefined): Store {
  if (dataDir === undefined) return memoryStore();
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  return sqliteStore(path.join(dataDir, `${name}.db`));
}

/** Runs the four sample services, each its own app, store and relying party, for the one-command demo and tests. */
export async function startServices(options: StartOptions): Promise<RunningServices> {
  const clock = options.clock ?? systemClock;
  const staffToken = options.staffToken ?? randomBytes(24).toString('base64url');
  const started: Partial<Record<ServiceName, RunningService>> = {};
  // Every store opened so far, so that a failed start closes even the one whose app never listened.
  const stores: Store[] = [];
  const close = async () => {
    for (const s of Object.values(started)) await s.app.close();
    for (const store of stores) store.close();
  };
  try {
    for (const name of SERVICE_NAMES) {
      const provider = await discoverRelyingParty({
        authServerUrl: options.authServerUrl,
        serviceId: REGISTRATIONS[name].id,
        secret: options.credentials[name],
        clock,
      });
      const store = openStore(name, options.dataDir);
      stores.push(store);
      if (name === 'hospital') seedPatients(store, options.patients ?? DEMO_PATIENTS);
      const app = await buildServiceApp(
        name,
        { provider, store, clock, staffToken },
        { shelters: options.shelters ?? DEFAULT_SHELTERS, logger: options.logger ?? false },
      );
      const url = await app.listen({
        host: options.host ?? '127.0.0.1',
        port: options.ports?.[name] ?? DEFAULT_PORTS[name],
      });
      started[name] = { url, app, store };
    }
  } catch (error) {
    await close();
    throw error;
  }
  return { services: started as Record<ServiceName, RunningService>, staffToken, close };
}
