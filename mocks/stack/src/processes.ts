import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';

/** One part of the stack running as its own process, its output kept in LOGS/NAME.log. */
export interface Child {
  readonly name: string;
  readonly pid: number;
  readonly logFile: string;
  /** Everything it printed so far (for readiness checks and failure messages). */
  output(): string;
  exited(): boolean;
  /** Its stop signal (SIGTERM), then SIGKILL after `graceMs`; resolves once it is gone. */
  stop(graceMs?: number): Promise<void>;
}

export interface ChildSpec {
  name: string;
  argv: string[];
  logs: string;
  env?: NodeJS.ProcessEnv;
  /**
   * Own process group, so that Ctrl-C in the terminal reaches only the stack, which then stops its parts in order
   * (the bridge before pcscd, pcscd before its namespace goes).
   */
  detached?: boolean;
  /** What stop() sends first (default SIGTERM; PostgreSQL's fast shutdown is SIGINT). */
  stopSignal?: NodeJS.Signals;
}

const live = new Set<ChildProcess>();
// Last resort if the stack itself dies without stopping its parts: nothing detached may outlive it.
process.once('exit', () => live.forEach((c) => c.kill('SIGKILL')));

export function startChild(spec: ChildSpec): Child {
  mkdirSync(spec.logs, { recursive: true });
  const logFile = path.join(spec.logs, `${spec.name}.log`);
  const log = createWriteStream(logFile, { flags: 'a' });
  const child = spawn(spec.argv[0]!, spec.argv.slice(1), {
    env: spec.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: spec.detached ?? true,
  });
  if (child.pid === undefined) throw new Error(`${spec.name}: could not start ${spec.argv[0]}`);
  live.add(child);
  let output = '';
  const keep = (chunk: Buffer) => {
    log.write(chunk);
    output = (output + chunk.toString()).slice(-64_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const gone = new Promise<void>((resolve) =>
    child.once('exit', () => {
      live.delete(child);
      log.end();
      resolve();
    }),
  );
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  return {
    name: spec.name,
    pid: child.pid,
    logFile,
    output: () => output,
    exited,
    async stop(graceMs = 5000) {
      if (exited()) return gone;
      const kill = setTimeout(() => child.kill('SIGKILL'), graceMs);
      child.kill(spec.stopSignal ?? 'SIGTERM');
      await gone;
      clearTimeout(kill);
    },
  };
}

/** Polls `ready` until it holds; fails at once if the child exits, or after `timeoutMs`, with its last output. */
export async function waitReady(child: Child, ready: () => boolean | Promise<boolean>, timeoutMs: number) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (child.exited()) throw new Error(`${child.name} exited while starting:\n${tail(child.output())}`);
    if (await ready()) return;
    if (Date.now() > until) {
      throw new Error(
        `${child.name} was not ready after ${timeoutMs} ms (log: ${child.logFile}):\n${tail(child.output())}`,
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

const tail = (text: string) => text.split('\n').slice(-20).join('\n');

/** True once an HTTP GET of `url` answers 2xx. */
export const httpOk = (url: string) => () =>
  fetch(url, { signal: AbortSignal.timeout(1000) }).then(
    (r) => r.ok,
    () => false,
  );

/** True once something accepts TCP connections on 127.0.0.1:port. */
export const tcpOpen = (port: number) => () =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.setTimeout(1000);
    socket.once('connect', () => resolve(true));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => resolve(false));
    socket.once('connect', () => socket.end()).once('timeout', () => socket.destroy());
  });

/** Runs a command to its end (a build step); a failure carries what it printed. */
export async function runToEnd(argv: string[], timeoutMs = 120_000): Promise<string> {
  try {
    const { stdout } = await promisify(execFile)(argv[0]!, argv.slice(1), { timeout: timeoutMs });
    return stdout;
  } catch (error) {
    const e = error as Error & { stdout?: string; stderr?: string };
    throw new Error(`${argv.join(' ')} failed: ${e.message}\n${e.stderr ?? ''}`);
  }
}
