import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { mkdtemp, mkdir, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * A real pcscd with vsmartcard's vpcd reader, private to one test run or demo: its own reader.conf.d, its own
 * client socket (pcscd 1.9 hard-codes /run/pcscd, so it gets a private mount namespace with a directory of ours
 * bound there; clients find it through PCSCLITE_CSOCK_NAME), and, where `ip` is available, its own network
 * namespace whose loopback routes carry `quickack 1` — without that, Nagle on vpcd's side meets delayed ACK on ours
 * and every APDU costs ~44 ms instead of ~0.2 ms (shared/reference/pcsc-test-stack.md).
 *
 * Needs root (pcscd, mount, ip netns). `pcscdAvailability()` says why not when it cannot run.
 */
export interface PcscdStack {
  /** Environment for PC/SC clients (opensc-tool, pkcs15-tool, the bridge): points them at this pcscd. */
  readonly clientEnv: Record<string, string>;
  /** Where the virtual card connects (inside `netns` when there is one). */
  readonly vpcd: { host: string; port: number };
  /** The reader name PC/SC clients see for that port. */
  readonly readerName: string;
  readonly netns: string | undefined;
  /** Prefixes a command so that it runs where the vpcd port is reachable (inside the namespace). */
  wrap(argv: string[]): string[];
  /** The pcscd log so far (for failure messages). */
  log(): string;
  stop(): Promise<void>;
}

export interface PcscdStackOptions {
  /** Use a private network namespace with quickack loopback (default: when `ip` is available). */
  netns?: boolean;
  /** First vpcd port (the reader "Virtual PCD 00 00"); the next one is "00 01". Default 35963 in a namespace, else a
   *  free pair. */
  port?: number;
  /** Log every APDU in pcscd's log (pcscd -a -d). */
  debug?: boolean;
}

const DRIVER = '/usr/lib/pcsc/drivers/serial/libifdvpcd.so';

/**
 * Points the symlink `link` at `stack`'s client socket in one rename, so a client connecting meanwhile finds the old
 * socket or the new one, never none. PC/SC clients read PCSCLITE_CSOCK_NAME once per process: given the link, they
 * follow a pcscd that is restarted under them.
 */
export async function pointSocketLink(link: string, stack: PcscdStack): Promise<void> {
  await mkdir(path.dirname(link), { recursive: true, mode: 0o700 });
  const tmp = `${link}.${process.pid}.tmp`;
  await rm(tmp, { force: true });
  await symlink(stack.clientEnv.PCSCLITE_CSOCK_NAME!, tmp);
  await rename(tmp, link);
}

/** Undefined when a private pcscd can run here, else the reason (for skip messages and the demo). */
export function pcscdAvailability(): string | undefined {
  if (process.platform !== 'linux') return 'pcscd stack needs Linux';
  if (process.getuid?.() !== 0)
    return 'pcscd stack needs root (pcscd, a private mount and network namespace)';
  for (const bin of ['/usr/sbin/pcscd', '/usr/bin/unshare']) if (!existsSync(bin)) return `${bin} is missing`;
  if (!existsSync(DRIVER)) return `vsmartcard-vpcd is not installed (${DRIVER} missing)`;
  return undefined;
}

let counter = 0;

export async function startPcscd(options: PcscdStackOptions = {}): Promise<PcscdStack> {
  const reason = pcscdAvailability();
  if (reason) throw new Error(reason);
  const useNetns = options.netns ?? (existsSync('/usr/sbin/ip') || existsSync('/usr/bin/ip'));
  // In a namespace of its own the default port is always free; on the shared loopback another pcscd may hold it.
  const port = options.port ?? (useNetns ? 35963 : await freePortPair());

  const dir = await mkdtemp(path.join(os.tmpdir(), 'madoguchi-pcscd-'));
  const confDir = path.join(dir, 'reader.conf.d');
  const sockDir = path.join(dir, 'run');
  await mkdir(confDir);
  await mkdir(sockDir);
  const channel = `0x${port.toString(16).toUpperCase()}`;
  await writeFile(
    path.join(confDir, 'vpcd'),
    `FRIENDLYNAME "Virtual PCD"\nDEVICENAME   /dev/null:${channel}\nLIBPATH      ${DRIVER}\nCHANNELID    ${channel}\n`,
  );
  await mkdir('/run/pcscd', { recursive: true }); // the mount point for our private socket directory

  const netns = useNetns ? `madoguchi-${process.pid}-${++counter}` : undefined;
  if (netns) await createQuickackNetns(netns);
  const wrap = (argv: string[]) => (netns ? ['ip', 'netns', 'exec', netns, ...argv] : argv);

  const pcscdArgs = ['-f', '-c', confDir, ...(options.debug ? ['-a', '-d'] : [])];
  const argv = wrap([
    'unshare',
    '--mount',
    '--propagation',
    'private',
    '--',
    'sh',
    '-c',
    'mount --bind "$0" /run/pcscd && exec /usr/sbin/pcscd "$@"',
    sockDir,
    ...pcscdArgs,
  ]);
  const child = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));

  const socketPath = path.join(sockDir, 'pcscd.comm');
  const stop = async () => {
    await stopChild(child);
    if (netns) await run('ip', ['netns', 'del', netns]).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(() => existsSync(socketPath) || child.exitCode !== null, 5000);
    if (child.exitCode !== null) throw new Error(`pcscd exited with ${child.exitCode}:\n${log}`);
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    clientEnv: { PCSCLITE_CSOCK_NAME: socketPath },
    vpcd: { host: '127.0.0.1', port },
    readerName: 'Virtual PCD 00 00',
    netns,
    wrap,
    log: () => log,
    stop,
  };
}

/** Two consecutive free TCP ports on loopback (vpcd opens one per virtual reader slot). */
async function freePortPair(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = 20000 + Math.floor(Math.random() * 40000);
    if ((await portFree(port)) && (await portFree(port + 1))) return port;
  }
  throw new Error('no two consecutive free ports found for vpcd');
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '0.0.0.0', () => server.close(() => resolve(true)));
  });
}

async function createQuickackNetns(name: string): Promise<void> {
  await run('ip', ['netns', 'add', name]);
  const inNs = (args: string[]) => run('ip', ['netns', 'exec', name, 'ip', ...args]);
  await inNs(['link', 'set', 'lo', 'up']);
  for (const dst of ['127.0.0.0/8', '127.0.0.1']) {
    await inNs(
      [
        'route',
        'replace',
        'local',
        dst,
        'dev',
        'lo',
        'proto',
        'kernel',
        'scope',
        'host',
        'src',
        '127.0.0.1',
      ].concat(['table', 'local', 'quickack', '1']),
    );
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 3000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs: number, stepMs = 50) {
  const until = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}
