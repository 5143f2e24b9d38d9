import path from 'node:path';
import type { StoreConfig } from '@madoguchi/auth-server';
import { buildStandardProfiles, ensureCa, pcscdAvailability, readManifest } from '@madoguchi/jpki-card';
import { SERVICE_NAMES } from '@madoguchi/services';
import {
  enrolBridge,
  urlOf,
  writeBridgeConfig,
  writeServerConfig,
  writeServicesCredentials,
  type CardSource,
} from './config-writer';
import { startFrontProxy, type ServerExchange } from './front-proxy';
import { stackLayout, type StackLayout } from './layout';
import { childPart, type ChildPartSpec, type Part } from './parts';
import { pcscdPart } from './pcscd-part';
import { freeLoopbackPorts, PORT_NAMES, type StackPorts } from './ports';
import { createPostgresCluster } from './postgres';
import { httpOk, runToEnd, tcpOpen } from './processes';
import { startTvServer } from './tv-server';

export interface StackOptions {
  /** State directory: CA, profiles, databases, keys, logs (created on first run). */
  state: string;
  ports: StackPorts;
  /** One line per step while the stack comes up. */
  progress?: (line: string) => void;
  /** Aborting it during start-up (Ctrl-C) stops what has started and rejects. */
  signal?: AbortSignal;
  /**
   * Two auth-server instances on one local PostgreSQL (a throwaway cluster, made afresh on every start), behind one
   * round-robin address on `ports.auth`, instead of one instance on SQLite.
   */
  postgres?: boolean;
  /**
   * Sees every request to the auth-server and its answer (a wire tap for tests): the auth-server then runs behind the
   * front address even with one instance.
   */
  onServerExchange?: (exchange: ServerExchange) => void;
}

export type CardHolding = { kind: 'pcscd'; readerName: string } | { kind: 'in-process'; reason: string };

/**
 * The parts that can be stopped and started again by name, in start order (those present): postgres, pcscd, card,
 * auth-server (auth-server-1 and auth-server-2 with --postgres), services, bridge.
 */
export type PartName =
  'postgres' | 'pcscd' | 'card' | 'auth-server' | 'auth-server-1' | 'auth-server-2' | 'services' | 'bridge';

export interface RunningStack {
  /** The one URL to open: the TV app. */
  readonly url: string;
  readonly layout: StackLayout;
  /** Where the card is: in a real pcscd reader, or inside the bridge's process when pcscd cannot run here. */
  readonly card: CardHolding;
  /** Bearer token of the services' /staff routes. */
  readonly staffToken: string;
  /** The auth-server instances' own addresses (behind `ports.auth` when there is a front). */
  readonly authInstances: readonly string[];
  readonly parts: readonly PartName[];
  /**
   * Stops one part, the rest running on (a fault: a server down, the reader gone). The card lives in pcscd's network
   * namespace, which every pcscd start makes anew, so stopping pcscd stops the card too and starting it starts both.
   */
  stopPart(name: PartName): Promise<void>;
  /** Starts a stopped part again with the same command; resolves once it is ready. */
  startPart(name: PartName): Promise<void>;
  /** Stops every part in the reverse order of its start: no process, namespace or socket is left behind. */
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 30_000;
const CARD_PROFILE = 'valid';

/** A built file of a workspace package, resolved like any dependency. */
const packageFile = (name: string, file: string) =>
  path.join(path.dirname(require.resolve(`${name}/package.json`)), file);

const node = (name: string, file: string, ...args: string[]) => [
  process.execPath,
  packageFile(name, file),
  ...args,
];

/** Parts that live in another part's surroundings and so go and come with it. */
const BOUND: Partial<Record<PartName, PartName[]>> = { pcscd: ['card'] };

/**
 * The whole counter: the test CA and cards, the auth-server, the four services, the bridge reading the card through
 * a real private pcscd, and the TV app. Every process is a child, stopped in reverse order by stop(); a failed start
 * stops what had started before it throws.
 */
export async function startStack(options: StackOptions): Promise<RunningStack> {
  const { ports } = options;
  const say = options.progress ?? (() => undefined);
  const progress = (line: string) => {
    options.signal?.throwIfAborted();
    say(line);
  };
  const layout = stackLayout(options.state);
  const parts = new Map<PartName, Part>();
  const stops: (() => Promise<void>)[] = [];
  const stopPart = async (name: PartName) => {
    for (const bound of BOUND[name] ?? []) await stopPart(bound);
    await parts.get(name)?.stop();
  };
  const startPart = async (name: PartName) => {
    const part = parts.get(name);
    if (!part) throw new Error(`no part named ${name}: ${[...parts.keys()].join(', ')}`);
    await part.start();
    for (const bound of BOUND[name] ?? []) await startPart(bound);
  };
  const stop = async () => {
    for (const s of stops.splice(0).reverse()) await s();
  };
  const add = async (part: Part) => {
    const name = part.name as PartName;
    parts.set(name, part);
    stops.push(() => stopPart(name)); // before it is ready: a failed start is stopped too
    await part.start();
  };
  const child = (spec: ChildPartSpec) =>
    childPart(spec, layout.logs, { timeoutMs: START_TIMEOUT_MS, signal: options.signal });

  try {
    await checkPortsFree(ports);
    await prepareCards(layout, progress);
    progress('Building the TV app');
    await runToEnd(node('@madoguchi/tv-app', 'scripts/build.mjs'));

    let store: StoreConfig | undefined;
    if (options.postgres) {
      progress('Starting a local PostgreSQL (a throwaway cluster for this run)');
      const cluster = await createPostgresCluster();
      stops.push(() => cluster.remove());
      store = { kind: 'postgres', url: cluster.url };
      await add(
        child({
          name: 'postgres',
          argv: () => cluster.argv,
          ready: (c) => c.output().includes('ready to accept connections'),
          stopSignal: 'SIGINT',
        }),
      );
    }

    progress('Configuring the auth-server: trust, services, the bridge as an enrolled box');
    const serverConfig = await writeServerConfig(layout, ports, store);
    await enrolBridge(layout, serverConfig);
    const staffToken = await writeServicesCredentials(layout);

    let card: CardHolding;
    let cardSource: CardSource;
    let bridgeEnv = process.env;
    const unavailable = pcscdAvailability();
    if (unavailable) {
      card = { kind: 'in-process', reason: unavailable };
      cardSource = { kind: 'virtual', profile: layout.sim.profile(CARD_PROFILE) };
    } else {
      progress('Starting a private pcscd with the vpcd reader, and the card in it');
      const pcscd = pcscdPart(layout.pcscdSocket);
      await add(pcscd);
      const { readerName } = pcscd.current();
      card = { kind: 'pcscd', readerName };
      cardSource = { kind: 'pcsc', readerName };
      bridgeEnv = { ...process.env, ...pcscd.clientEnv };
      // In the namespace, where vpcd listens; its control socket is STATE/card.sock, jpki-sim's default.
      await add(
        child({
          name: 'card',
          argv: () => {
            const { vpcd, wrap } = pcscd.current();
            return wrap(
              node('@madoguchi/jpki-card', 'dist/interface/cli.js').concat(
                ['card', 'insert', '--state', layout.sim.state, '--profile', CARD_PROFILE, '--keep-counters'],
                ['--vpcd', `${vpcd.host}:${vpcd.port}`, '--control', layout.cardControl, '--json'],
              ),
            );
          },
          ready: (c) => c.output().includes('"event":"ready"'),
        }),
      );
    }
    await writeBridgeConfig(layout, ports, cardSource);

    // With a front, the instances listen on ports of their own and the front on ports.auth.
    const front = options.postgres === true || options.onServerExchange !== undefined;
    const instancePorts = front ? await freeLoopbackPorts(options.postgres ? 2 : 1) : [ports.auth];
    const instanceNames: PartName[] =
      instancePorts.length > 1 ? ['auth-server-1', 'auth-server-2'] : ['auth-server'];
    for (const [i, port] of instancePorts.entries()) {
      progress(
        `Starting the auth-server${instancePorts.length > 1 ? ` instance ${i + 1}` : ''} on ${urlOf(port)}`,
      );
      await add(
        child({
          name: instanceNames[i]!,
          argv: () =>
            node('@madoguchi/auth-server', 'dist/interface/cli.js', '--config', layout.serverConfig, 'serve'),
          ready: httpOk(`${urlOf(port)}/readyz`),
          env: { ...process.env, MADOGUCHI_SERVER_LISTEN_PORT: String(port) },
        }),
      );
    }
    if (front) {
      progress(`One address for the auth-server on ${urlOf(ports.auth)}, taking its instances in turn`);
      const proxy = await startFrontProxy({
        port: ports.auth,
        upstreams: instancePorts,
        ...(options.onServerExchange ? { onExchange: options.onServerExchange } : {}),
      });
      stops.push(() => proxy.close());
    }

    progress('Starting the four services');
    const servicePorts = SERVICE_NAMES.map((name) => `${name}=${ports[name]}`).join(',');
    await add(
      child({
        name: 'services',
        argv: () =>
          node('@madoguchi/services', 'dist/interface/cli.js').concat(
            ['--credentials', layout.servicesCredentials, '--auth-server', urlOf(ports.auth)],
            ['--data-dir', layout.servicesData, '--ports', servicePorts],
          ),
        ready: async () =>
          (await Promise.all(SERVICE_NAMES.map((name) => tcpOpen(ports[name])()))).every(Boolean),
      }),
    );

    progress(`Starting the reader-bridge on ws://127.0.0.1:${ports.bridge}`);
    await add(
      child({
        name: 'bridge',
        argv: () =>
          node('@madoguchi/reader-bridge', 'dist/interface/cli.js', '--config', layout.bridgeConfig, 'serve'),
        ready: tcpOpen(ports.bridge),
        env: bridgeEnv,
      }),
    );

    progress('Serving the TV app');
    const tv = await startTvServer(packageFile('@madoguchi/tv-app', 'dist'), ports);
    stops.push(() => tv.close());
    return {
      url: tv.url,
      layout,
      card,
      staffToken,
      authInstances: instancePorts.map(urlOf),
      parts: [...parts.keys()],
      // Unlike the inner one (a part that never started is fine there), a name the caller got wrong is an error.
      stopPart: async (name: PartName) => {
        if (!parts.has(name)) throw new Error(`no part named ${name}: ${[...parts.keys()].join(', ')}`);
        await stopPart(name);
      },
      startPart,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Issues the test CA and the standard cards on first run; fresh CRLs on every run. */
async function prepareCards(layout: StackLayout, progress: (line: string) => void): Promise<void> {
  if (!(await readManifest(layout.sim.state))) {
    progress(`Creating the test CA and the card profiles in ${layout.sim.state} (first run only)`);
    await buildStandardProfiles(layout.sim.state, {
      onProgress: (done, total, name) => progress(`  [${done}/${total}] ${name}`),
    });
  }
  // A CRL past its nextUpdate (plus grace) makes the server refuse every card with CRL_STALE.
  const ca = await ensureCa(layout.sim.ca);
  for (const kind of ['auth', 'sign'] as const) await ca.publishCrl(kind, { now: new Date() });
}

/** Fails before anything starts if a port is taken: a stale server there would answer our readiness checks. */
async function checkPortsFree(ports: StackPorts): Promise<void> {
  for (const name of PORT_NAMES) {
    if (await tcpOpen(ports[name])()) {
      throw new Error(
        `port ${ports[name]} (${name}) on 127.0.0.1 is in use; choose another with --ports ${name}=PORT`,
      );
    }
  }
}
