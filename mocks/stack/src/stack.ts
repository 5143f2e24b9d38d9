import path from 'node:path';
import {
  buildStandardProfiles,
  ensureCa,
  pcscdAvailability,
  readManifest,
  startPcscd,
} from '@madoguchi/jpki-card';
import { SERVICE_NAMES } from '@madoguchi/services';
import {
  enrolBridge,
  urlOf,
  writeBridgeConfig,
  writeServerConfig,
  writeServicesCredentials,
  type CardSource,
} from './config-writer';
import { stackLayout, type StackLayout } from './layout';
import { PORT_NAMES, type StackPorts } from './ports';
import { httpOk, runToEnd, startChild, tcpOpen, waitReady, type Child } from './processes';
import { startTvServer } from './tv-server';

export interface StackOptions {
  /** State directory: CA, profiles, databases, keys, logs (created on first run). */
  state: string;
  ports: StackPorts;
  /** One line per step while the stack comes up. */
  progress?: (line: string) => void;
  /** Aborting it during start-up (Ctrl-C) stops what has started and rejects. */
  signal?: AbortSignal;
}

export type CardHolding =
  | { kind: 'pcscd'; readerName: string; netns: string | undefined; clientEnv: Record<string, string> }
  | { kind: 'in-process'; reason: string };

export interface RunningStack {
  /** The one URL to open: the TV app. */
  readonly url: string;
  readonly layout: StackLayout;
  /** Where the card is: in a real pcscd reader, or inside the bridge's process when pcscd cannot run here. */
  readonly card: CardHolding;
  /** Bearer token of the services' /staff routes. */
  readonly staffToken: string;
  readonly children: readonly Child[];
  /** Stops every part in the reverse order of its start: no process, namespace or socket is left behind. */
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 30_000;
const CARD_PROFILE = 'valid';

/** A built file of a workspace package, resolved like any dependency. */
const packageFile = (name: string, file: string) =>
  path.join(path.dirname(require.resolve(`${name}/package.json`)), file);

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
  const stops: (() => Promise<void>)[] = [];
  const children: Child[] = [];
  const stop = async () => {
    for (const s of stops.splice(0).reverse()) await s();
  };
  const run = async (
    name: string,
    argv: string[],
    ready: (c: Child) => boolean | Promise<boolean>,
    env?: NodeJS.ProcessEnv,
  ) => {
    const c = startChild({ name, argv, logs: layout.logs, ...(env ? { env } : {}) });
    children.push(c);
    stops.push(() => c.stop());
    await waitReady(c, () => (options.signal?.throwIfAborted(), ready(c)), START_TIMEOUT_MS);
  };

  try {
    await checkPortsFree(ports);
    await prepareCards(layout, progress);
    progress('Building the TV app');
    await runToEnd([process.execPath, packageFile('@madoguchi/tv-app', 'scripts/build.mjs')]);

    progress('Configuring the auth-server: trust, services, the bridge as an enrolled box');
    const serverConfig = await writeServerConfig(layout, ports);
    await enrolBridge(layout, serverConfig);
    const staffToken = await writeServicesCredentials(layout);

    let card: CardHolding;
    let cardSource: CardSource;
    const unavailable = pcscdAvailability();
    if (unavailable) {
      card = { kind: 'in-process', reason: unavailable };
      cardSource = { kind: 'virtual', profile: layout.sim.profile(CARD_PROFILE) };
    } else {
      progress('Starting a private pcscd with the vpcd reader, and the card in it');
      const pcscd = await startPcscd();
      stops.push(() => pcscd.stop());
      card = { kind: 'pcscd', readerName: pcscd.readerName, netns: pcscd.netns, clientEnv: pcscd.clientEnv };
      cardSource = { kind: 'pcsc', readerName: pcscd.readerName };
      // In the namespace, where vpcd listens; its control socket is STATE/card.sock, jpki-sim's default.
      const insert = [process.execPath, packageFile('@madoguchi/jpki-card', 'dist/interface/cli.js')].concat(
        ['card', 'insert', '--state', layout.sim.state, '--profile', CARD_PROFILE, '--keep-counters'],
        ['--vpcd', `${pcscd.vpcd.host}:${pcscd.vpcd.port}`, '--control', layout.cardControl, '--json'],
      );
      await run('card', pcscd.wrap(insert), (c) => c.output().includes('"event":"ready"'));
    }
    await writeBridgeConfig(layout, ports, cardSource);

    progress(`Starting the auth-server on ${urlOf(ports.auth)}`);
    const serverCli = packageFile('@madoguchi/auth-server', 'dist/interface/cli.js');
    await run(
      'auth-server',
      [process.execPath, serverCli, '--config', layout.serverConfig, 'serve'],
      httpOk(`${urlOf(ports.auth)}/readyz`),
    );

    progress('Starting the four services');
    const servicePorts = SERVICE_NAMES.map((name) => `${name}=${ports[name]}`).join(',');
    await run(
      'services',
      [process.execPath, packageFile('@madoguchi/services', 'dist/interface/cli.js')].concat(
        ['--credentials', layout.servicesCredentials, '--auth-server', urlOf(ports.auth)],
        ['--data-dir', layout.servicesData, '--ports', servicePorts],
      ),
      async () => (await Promise.all(SERVICE_NAMES.map((name) => tcpOpen(ports[name])()))).every(Boolean),
    );

    progress(`Starting the reader-bridge on ws://127.0.0.1:${ports.bridge}`);
    await run(
      'bridge',
      [process.execPath, path.join(__dirname, 'interface/bridge-child.js'), layout.bridgeConfig],
      tcpOpen(ports.bridge),
      card.kind === 'pcscd' ? { ...process.env, ...card.clientEnv } : process.env,
    );

    progress('Serving the TV app');
    const tv = await startTvServer(packageFile('@madoguchi/tv-app', 'dist'), ports);
    stops.push(() => tv.close());
    return { url: tv.url, layout, card, staffToken, children, stop };
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
