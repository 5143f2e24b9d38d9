/**
 * `pnpm bench` for the reader-bridge (issue 4): side by side in one run,
 *   - APDUs per login: transmits on the card channel between login.start and login.done;
 *   - bridge time per login: login.start → login.done over the TV WebSocket, minus the time spent inside the card's
 *     COMPUTE DIGITAL SIGNATURE (INS 2A), with the fake auth-server on loopback (real HttpServerClient,
 *     device-signed requests) — once with the in-process virtual card, once through a real pcscd + vpcd;
 *   - idle RSS and CPU of `madoguchi-bridge --config FILE serve` (the real CLI, `card: "virtual:…"`) as a process.
 * Writes rows [{ name, unit, median, p99, n, note }] to $BENCH_OUT (the root bench collects them) and prints them.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildStandardProfiles, pcscdAvailability, simLayout, startPcscd } from '@madoguchi/jpki-card';
import { summarise, type BenchRow } from '@madoguchi/jpki-card/dist/bench/stats';
import { INS, type CardChannel } from '@madoguchi/protocol';
import type { CardReader } from '../src/protocol/card-reader';
import { systemClock } from '../src/protocol/clock';
import { loadOrCreateDeviceKey } from '../src/transport/device-key';
import { HttpServerClient } from '../src/transport/server-client';
import { SupervisedPcscReader } from '../src/transport/supervised-pcsc-reader';
import { testBridge } from '../test/helpers/bridge';
import { DEMO, newCard } from '../test/helpers/cards';
import { startFakeAuthServer } from '../test/helpers/fake-auth-server';
import { InProcessReader } from '../test/helpers/in-process-reader';
import { watchReader } from '../test/helpers/pcsc-reader';
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

/**
 * Counts and times the transmits of every channel the reader hands out; `signMs` is the time inside COMPUTE DIGITAL
 * SIGNATURE as the bridge sees it (through pcscd, that includes the one PC/SC round trip of that APDU).
 */
function meter(reader: CardReader) {
  const m = { apdus: 0, signMs: 0 };
  const metered = new WeakSet<CardChannel>();
  const connect = reader.connect.bind(reader);
  reader.connect = async () => {
    const channel = await connect();
    if (metered.has(channel)) return channel;
    metered.add(channel);
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
    return channel;
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

/** How the logins reach the card: the in-process virtual card, or a real pcscd with the card in its vpcd reader. */
interface CardRoute {
  /** Appended to each row name. */
  label: string;
  note: string;
  reader: CardReader;
}

async function logins(dir: string, route: CardRoute): Promise<BenchRow[]> {
  const identity = await loadOrCreateDeviceKey(path.join(dir, 'inproc-state'));
  const server = await startFakeAuthServer({ devices: { [identity.deviceId]: identity.publicKeyPem } });
  const http = new HttpServerClient({ baseUrl: server.url, identity, timeoutMs: 5000, clock: systemClock });
  // The per-connection TV rate limit (30 messages/s) is raised: one tab runs back-to-back logins here.
  const { bridge } = await testBridge(undefined, {
    reader: route.reader,
    server: http,
    rateLimit: { messages: 1_000_000, windowMs: 1000 },
  });
  const m = meter(route.reader);
  const tv = await connectTv(bridge.port);
  try {
    await tv.next('card.state', (s) => s.state === 'present');
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
      `APDUs per login${route.label}`,
      samples.map((s) => s.apdus),
      `goal <= ${APDU_GOAL}; transmits on the card channel, login.start to login.done`,
    );
    return [
      { ...apdus, unit: 'APDUs' },
      summarise(
        `bridge time per login, excl. card signing${route.label}`,
        samples.map((s) => s.totalMs - s.signMs),
        `goal p50 <= 15 ms; ${route.note}, fake auth-server on loopback, TV WebSocket incl. PIN round trip`,
      ),
      summarise(
        `login.start to login.done, incl. card signing${route.label}`,
        samples.map((s) => s.totalMs),
        'same logins, with the virtual card signature',
      ),
      summarise(
        `card COMPUTE DIGITAL SIGNATURE (subtracted)${route.label}`,
        samples.map((s) => s.signMs),
        `INS 2A as the bridge's channel sees it; ${route.note}`,
      ),
    ];
  } finally {
    tv.close();
    await bridge.stop();
    await server.close();
  }
}

/**
 * The same logins through a private real pcscd: the valid card in its vpcd reader, run by `jpki-sim card insert` in
 * the stack's quickack network namespace (as the jpki-card bench does), and the bridge's own reader
 * (SupervisedPcscReader: pcsclite in its child process) pointed at that pcscd.
 */
async function loginsThroughPcscd(dir: string, state: string): Promise<BenchRow[]> {
  const stack = await startPcscd({ netns: true });
  const cli = path.join(
    path.dirname(require.resolve('@madoguchi/jpki-card/package.json')),
    'dist/interface/cli.js',
  );
  const argv = stack.wrap([
    process.execPath,
    ...[cli, 'card', 'insert', '--state', state, '--profile', 'valid', '--json'],
    ...['--vpcd', `${stack.vpcd.host}:${stack.vpcd.port}`, '--control', path.join(dir, 'card.sock')],
  ]);
  const card = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'ignore', 'inherit'] });
  // The PC/SC child inherits this environment: it finds the private pcscd's socket here.
  Object.assign(process.env, stack.clientEnv);
  const reader = new SupervisedPcscReader({ readerName: stack.readerName });
  try {
    await watchReader(reader).waitFor('present', 20_000);
    const rows = await logins(dir, {
      label: ', through pcscd',
      note: 'real pcscd + vpcd (quickack netns), pcsclite in the supervised child',
      reader,
    });
    return [
      ...rows,
      ...(await idle(reader.pid!, 'PC/SC child', 'the supervised pcsclite process, card in the reader')),
    ];
  } finally {
    await reader.close();
    card.kill('SIGTERM');
    await stack.stop();
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

/** A process at rest: its RSS now, and its user + system CPU over IDLE_MS. */
async function idle(pid: number, who: string, note: string): Promise<BenchRow[]> {
  const rss = await rssMb(pid);
  const before = await cpuTicks(pid);
  const t = Date.now();
  await sleep(IDLE_MS);
  const ticks = (await cpuTicks(pid)) - before;
  const elapsed = Date.now() - t;
  const tickMs = 1000 / 100; // USER_HZ is 100 on Linux
  return [
    single(`${who}: idle RSS`, 'MB', rss, note),
    single(
      `${who}: idle CPU over ${Math.round(elapsed / 1000)} s`,
      'ms',
      ticks * tickMs,
      `/proc utime+stime, ${tickMs} ms ticks; ${note}`,
    ),
  ];
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
      (await idle(pid, 'serve', 'no TV connected'))[1]!,
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
    const inProcess = await logins(dir, {
      label: '',
      note: 'in-process card (not pcscd)',
      reader: new InProcessReader(await newCard('valid')),
    });
    const unavailable = pcscdAvailability();
    if (unavailable) console.error(`through-pcscd rows skipped: ${unavailable}`);
    const pcscd = unavailable ? [] : await loginsThroughPcscd(dir, state);
    const rows = [...inProcess, ...pcscd, ...(await serving(dir, state))];
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
