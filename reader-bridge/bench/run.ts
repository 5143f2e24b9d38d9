/**
 * `pnpm bench` for the reader-bridge (issue 4): side by side in one run,
 *   - APDUs per login: transmits on the card channel between login.start and login.done;
 *   - bridge time per login: login.start → login.done over the TV WebSocket, minus the time spent inside the card's
 *     COMPUTE DIGITAL SIGNATURE (INS 2A), with the in-process virtual card and the fake auth-server on loopback
 *     (real HttpServerClient, device-signed requests);
 *   - idle RSS and CPU of `madoguchi-bridge --config FILE serve` (the real CLI, `card: "virtual:…"`) as a process.
 * Writes rows [{ name, unit, median, p99, n, note }] to $BENCH_OUT (the root bench collects them) and prints them.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildStandardProfiles, simLayout } from '@madoguchi/jpki-card';
import { summarise, type BenchRow } from '@madoguchi/jpki-card/dist/bench/stats';
import { INS } from '@madoguchi/protocol';
import { systemClock } from '../src/protocol/clock';
import { loadOrCreateDeviceKey } from '../src/transport/device-key';
import { HttpServerClient } from '../src/transport/server-client';
import { testBridge } from '../test/helpers/bridge';
import { DEMO, newCard } from '../test/helpers/cards';
import { startFakeAuthServer } from '../test/helpers/fake-auth-server';
import { connectTv, TV_ORIGIN, type TvClient } from '../test/helpers/tv-client';

const LOGINS = Number(process.env.BENCH_LOGINS ?? 200);
const WARMUP = Number(process.env.BENCH_WARMUP_LOGINS ?? 20);
const IDLE_MS = Number(process.env.BENCH_IDLE_MS ?? 5000);
const APDU_GOAL = 8;
const CLI = path.join(__dirname, '../src/interface/cli.js');

interface LoginSample {
  totalMs: number;
  signMs: number;
  apdus: number;
}

/** Counts and times the card channel's transmits; `sign` is the time inside COMPUTE DIGITAL SIGNATURE. */
function meter(channel: { transmit(command: Uint8Array): Promise<Uint8Array> }) {
  const m = { apdus: 0, signMs: 0 };
  const transmit = channel.transmit.bind(channel);
  channel.transmit = async (command: Uint8Array) => {
    m.apdus += 1;
    if (command[1] !== INS.COMPUTE_DIGITAL_SIGNATURE) return transmit(command);
    const t = process.hrtime.bigint();
    try {
      return await transmit(command);
    } finally {
      m.signMs += Number(process.hrtime.bigint() - t) / 1e6;
    }
  };
  return m;
}

/** One full PIN login over the TV WebSocket (freshLogin: no reuse), answering pin.needed with the demo auth PIN. */
async function login(tv: TvClient, operationId: string): Promise<void> {
  tv.send({ type: 'login.start', operationId, serviceId: 'gyosei', freshLogin: true });
  await tv.next('pin.needed', (m) => m.operationId === operationId);
  tv.send({ type: 'pin.submit', operationId, pin: DEMO.auth });
  const done = await tv.outcome(operationId);
  if (done.type !== 'login.done') throw new Error(`login ${operationId} ended with ${JSON.stringify(done)}`);
}

async function logins(dir: string): Promise<BenchRow[]> {
  const identity = await loadOrCreateDeviceKey(path.join(dir, 'inproc-state'));
  const server = await startFakeAuthServer({ devices: { [identity.deviceId]: identity.publicKeyPem } });
  const http = new HttpServerClient({ baseUrl: server.url, identity, timeoutMs: 5000, clock: systemClock });
  // The per-connection TV rate limit (30 messages/s) is raised: one tab runs back-to-back logins here.
  const { bridge, reader } = await testBridge(await newCard('valid'), {
    server: http,
    rateLimit: { messages: 1_000_000, windowMs: 1000 },
  });
  const tv = await connectTv(bridge.port);
  try {
    await tv.next('card.state', (m) => m.state === 'present');
    const m = meter(reader.channel!);
    const samples: LoginSample[] = [];
    for (let i = 0; i < WARMUP + LOGINS; i++) {
      m.apdus = 0;
      m.signMs = 0;
      const t = process.hrtime.bigint();
      await login(tv, `bench-${i}`);
      const totalMs = Number(process.hrtime.bigint() - t) / 1e6;
      if (i >= WARMUP) samples.push({ totalMs, signMs: m.signMs, apdus: m.apdus });
    }
    const apdus = summarise(
      'APDUs per login',
      samples.map((s) => s.apdus),
      `goal <= ${APDU_GOAL}; transmits on the card channel, login.start to login.done`,
    );
    return [
      { ...apdus, unit: 'APDUs' },
      summarise(
        'bridge time per login, excl. card signing',
        samples.map((s) => s.totalMs - s.signMs),
        'goal p50 <= 15 ms; in-process card (not pcscd), fake auth-server on loopback, TV WebSocket incl. PIN round trip',
      ),
      summarise(
        'login.start to login.done, incl. card signing',
        samples.map((s) => s.totalMs),
        'same logins, with the virtual card signature',
      ),
      summarise(
        'card COMPUTE DIGITAL SIGNATURE (subtracted)',
        samples.map((s) => s.signMs),
        'in-process virtual card, INS 2A',
      ),
    ];
  } finally {
    tv.close();
    await bridge.stop();
    await server.close();
  }
}

/** RSS (kB → MB) and CPU ticks (user + system) of a process, from /proc. */
async function rssMb(pid: number): Promise<number> {
  const kb = /VmRSS:\s+(\d+) kB/.exec(await readFile(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Math.round((Number(kb) / 1024) * 10) / 10;
}
async function cpuTicks(pid: number): Promise<number> {
  const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]!.split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

const single = (name: string, unit: string, value: number, note: string): BenchRow => ({
  name,
  unit,
  median: value,
  p99: value,
  n: 1,
  note,
});

/** `madoguchi-bridge serve` as its own process with a virtual card: idle RSS after start and after a login, idle CPU. */
async function serving(dir: string, state: string): Promise<BenchRow[]> {
  const stateDir = path.join(dir, 'serve-state');
  const identity = await loadOrCreateDeviceKey(stateDir);
  const server = await startFakeAuthServer({ devices: { [identity.deviceId]: identity.publicKeyPem } });
  const file = path.join(dir, 'bridge.json');
  await writeFile(
    file,
    JSON.stringify({
      allowedOrigins: [TV_ORIGIN],
      serverUrl: server.url,
      stateDir,
      port: 0,
      card: `virtual:${simLayout(state).profile('valid')}`,
      logLevel: 'info',
    }),
  );
  const child = spawn(process.execPath, [CLI, '--config', file, 'serve'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  try {
    const ready = await new Promise<{ port: number }>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no "bridge ready" within 15 s; stderr ${err}`)),
        15_000,
      );
      child.once('exit', (code) => reject(new Error(`bridge exited with ${code}; stderr ${err}`)));
      readline.createInterface({ input: child.stdout }).on('line', (l) => {
        if (!l.includes('"bridge ready"')) return;
        clearTimeout(timer);
        resolve(JSON.parse(l) as { port: number });
      });
    });
    const pid = child.pid!;
    await sleep(1000);
    const rssStarted = await rssMb(pid);

    const tv = await connectTv(ready.port);
    await tv.next('card.state', (m) => m.state === 'present');
    await login(tv, 'serve-login');
    tv.close();
    await tv.closed;
    await sleep(1000);
    const rssAfterLogin = await rssMb(pid);

    const before = await cpuTicks(pid);
    const t = Date.now();
    await sleep(IDLE_MS);
    const ticks = (await cpuTicks(pid)) - before;
    const elapsed = Date.now() - t;
    const tickMs = 1000 / 100; // USER_HZ is 100 on Linux
    return [
      single(
        'serve: idle RSS after start',
        'MB',
        rssStarted,
        'madoguchi-bridge serve, card virtual:, 1 s after ready',
      ),
      single(
        'serve: idle RSS after one login',
        'MB',
        rssAfterLogin,
        'one PIN login over the TV WebSocket to the fake auth-server, then 1 s idle',
      ),
      single(
        `serve: idle CPU over ${Math.round(elapsed / 1000)} s`,
        'ms',
        ticks * tickMs,
        `/proc utime+stime, ${tickMs} ms ticks; no TV connected`,
      ),
    ];
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode === null ? child.once('exit', r) : r(undefined)));
    await server.close();
  }
}

function table(rows: BenchRow[]): string {
  const cols = ['name', 'median', 'p99', 'unit', 'n', 'note'] as const;
  const cells = [[...cols], ...rows.map((r) => cols.map((c) => String(r[c] ?? '')))];
  const widths = cols.map((_, i) => Math.max(...cells.map((row) => row[i]!.length)));
  return cells.map((row) => row.map((c, i) => c.padEnd(widths[i]!)).join('  ')).join('\n');
}

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'madoguchi-bridge-bench-'));
  try {
    const state = path.join(dir, 'cards');
    await buildStandardProfiles(state);
    process.env.MADOGUCHI_BRIDGE_TEST_CARDS = state; // test/helpers/cards.ts reads the cards from here
    const rows = [...(await logins(dir)), ...(await serving(dir, state))];
    if (process.env.BENCH_OUT) await writeFile(process.env.BENCH_OUT, JSON.stringify(rows, null, 2));
    console.log(JSON.stringify(rows));
    console.log(table(rows));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
