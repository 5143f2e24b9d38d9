import { spawn, spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** `taskset` (util-linux) and two cores: the server, its load generator and the rest each get their own. */
export const PINNING =
  spawnSync('taskset', ['--version']).status === 0 &&
  (readFileSync('/proc/cpuinfo', 'utf8').match(/^processor/gm) ?? []).length >= 2;

/** argv prefixed to run on the given CPUs (unchanged when pinning is unavailable). */
export function pinned(cpus: string, argv: string[]): string[] {
  return PINNING ? ['taskset', '-c', cpus, ...argv] : argv;
}

/** Moves this process (and so whatever it starts next) to the given CPUs; returns the previous list. */
export function pinSelf(cpus: string): string | undefined {
  if (!PINNING) return undefined;
  const before = spawnSync('taskset', ['-cp', String(process.pid)], { encoding: 'utf8' })
    .stdout.split(':')
    .pop()!
    .trim();
  spawnSync('taskset', ['-cp', cpus, String(process.pid)]);
  return before;
}

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** CPU time (user + system) a process has used so far, seconds, from /proc (clock ticks of 1/100 s). */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Per core, [busy, total] jiffies since boot, from /proc/stat (busy: everything but idle and iowait). */
export function coreTimes(): [number, number][] {
  return readFileSync('/proc/stat', 'utf8')
    .split('\n')
    .filter((line) => /^cpu[0-9]+ /.test(line))
    .map((line) => {
      const [user, nice, system, idle, iowait, irq, softirq, steal] = line
        .split(/\s+/)
        .slice(1, 9)
        .map(Number);
      const busy = user! + nice! + system! + irq! + softirq! + steal!;
      return [busy, busy + idle! + iowait!];
    });
}

export interface ServerProcess {
  base: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * The real `madoguchi-server --config FILE serve` (compiled from src into bench/dist), pinned to CPU 0; resolves
 * once /readyz answers 200. Its output goes to `log`.
 */
export async function startServerProcess(
  cli: string,
  configFile: string,
  port: number,
  log: string,
  nodeArgs: string[] = [],
): Promise<ServerProcess> {
  const fd = openSync(log, 'a');
  const argv = pinned('0', [process.execPath, ...nodeArgs, cli, '--config', configFile, 'serve']);
  const child = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', fd, fd] });
  closeSync(fd);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let gone = false;
  void exited.then(() => (gone = true));
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (gone)
      throw new Error(`the server exited at start; see ${log}:\n${readFileSync(log, 'utf8').slice(-2000)}`);
    const ok = await fetch(`${base}/readyz`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) break;
    if (i > 300) throw new Error(`the server was not ready within 30 s; see ${log}`);
    await sleep(100);
  }
  return {
    base,
    pid: child.pid!,
    stop: async () => {
      if (!gone) child.kill('SIGTERM');
      const kill = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(kill);
    },
  };
}

export const CLI = path.join(__dirname, '../src/interface/cli.js');
