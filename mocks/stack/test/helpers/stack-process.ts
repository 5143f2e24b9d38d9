import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { freeLoopbackPorts, PORT_NAMES, type StackPorts } from '../../src/ports';

export const CLI = path.join(__dirname, '../../dist/interface/cli.js');

/** Free loopback ports for every part, so that a test stack never meets a developer's running one. */
export async function freePorts(): Promise<StackPorts> {
  const ports = await freeLoopbackPorts(PORT_NAMES.length);
  return Object.fromEntries(PORT_NAMES.map((name, i) => [name, ports[i]])) as StackPorts;
}

export interface StackProcess {
  child: ChildProcess;
  url: string;
  output(): string;
  /** Sends `signal` to its process group; resolves with its exit code once it has exited (SIGKILL after `timeoutMs`). */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<number | null>;
}

/**
 * `madoguchi-stack start` as `npm start` runs it (built CLI, own process), on a given state dir and ports; `env`
 * (default: this process's) is the environment it and so every part inherits.
 */
export async function startStackProcess(
  state: string,
  ports: StackPorts,
  timeoutMs = 90_000,
  env?: NodeJS.ProcessEnv,
): Promise<StackProcess> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run pnpm build first (npm test does)`);
  const list = Object.entries(ports)
    .map(([name, port]) => `${name}=${port}`)
    .join(',');
  // Its own process group, as in a terminal: a signal to the group is what Ctrl-C does.
  const child = spawn(process.execPath, [CLI, 'start', '--state', state, '--ports', list], {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
    ...(env ? { env } : {}),
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stop = async (signal: NodeJS.Signals = 'SIGTERM', stopTimeoutMs = 30_000) => {
    if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
    const kill = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), stopTimeoutMs);
    process.kill(-child.pid!, signal);
    const code = await exit;
    clearTimeout(kill);
    return code;
  };
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the stack was not up after ${timeoutMs} ms:\n${output}`)),
      timeoutMs,
    );
    const check = () => {
      const match = /Open the TV counter:\s+(\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', check);
    void exit.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the stack exited with ${code} while starting:\n${output}`));
    });
  }).catch(async (error: Error) => {
    await stop('SIGKILL');
    throw error;
  });
  return { child, url, output: () => output, stop };
}

/** Every process below `pid`, from /proc (children of children included). */
export function descendants(pid: number): number[] {
  const parents = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(ppid, [...(parents.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  const found: number[] = [];
  const walk = (p: number) => (parents.get(p) ?? []).forEach((c) => (found.push(c), walk(c)));
  walk(pid);
  return found;
}

export const alive = (pid: number) => existsSync(`/proc/${pid}`);
