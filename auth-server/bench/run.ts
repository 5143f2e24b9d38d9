/**
 * `pnpm bench` for the auth-server: autocannon against the real server, started as its own process (`serve`, pinned
 * to CPU 0; the load generator on CPU 1), 10 connections, BENCH_SECONDS each, side by side in one run:
 *   - GET /healthz, the server's cheapest route (there is no dedicated no-op route), on the SQLite server;
 *   - POST /v1/assertions with SQLite, then with a throwaway PostgreSQL 15 cluster (test/helpers/postgres.ts):
 *     every request a fresh, real, accepted verification (pre-generated challenge + card signature), so each row
 *     counts 200s and fails the bench on any other status.
 * Writes rows [{ name, unit, median, p99, n, note }] to $BENCH_OUT (the root bench collects them) and prints them.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CardProfile } from '@madoguchi/jpki-card';
// The one row shape every package's bench writes for `pnpm bench` (scripts/bench.mjs).
import type { BenchRow } from '@madoguchi/jpki-card/dist/bench/stats';
import type { Config } from '../src/config/config-schema';
import { openStore } from '../src/store/open-store';
import { buildPki, newDevice, testConfig, type TestDevice, type TestPki } from '../test/helpers/fixture';
import { PG_REQUIRED, pgAvailability, startPostgres, type TestPostgres } from '../test/helpers/postgres';
import { linkCard, pregenerate } from './pregenerate';
import {
  CLI,
  PINNING,
  coreTimes,
  cpuSeconds,
  freePort,
  pinned,
  pinSelf,
  startServerProcess,
} from './server-process';
import type { LoadJob, LoadResult, PoolFile, PoolItem } from './shared';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
/** The server's log level: `warn` by default, so per-request access logs are not what is measured. */
const LOG_LEVEL = process.env.BENCH_LOG_LEVEL ?? 'warn';
/** Where PostgreSQL runs: by default on the server's core, so "one core" holds the server and its database. */
const PG_CPUS = process.env.BENCH_PG_CPUS ?? '0';
/** A directory: the server runs with --cpu-prof there, and the timed windows are printed (monotonic µs). */
const CPU_PROF = process.env.BENCH_CPU_PROF;
const DEVICES = 10;
const WARMUP_POOL = 2500;
/** The service logged in to (fixture's SERVICES: `auth` assurance). */
const SERVICE = 'gyosei';
const GOAL = { rate: 6000, share: 25, p99: 15 };

const work = mkdtempSync(path.join(os.tmpdir(), 'madoguchi-bench-'));
const started = Date.now();
const say = (line: string) => console.error(`[${((Date.now() - started) / 1000).toFixed(1)} s] ${line}`);
/** Set when a timed run got anything but 200s: its numbers would not measure what the row says. */
let refused = false;

interface Measured {
  result: LoadResult;
  /** Responses with status 200 per second. */
  rate: number;
  ok: number;
  /** The server's CPU time over the run, as a share of the wall time (1 = one core busy throughout). */
  serverCpu: number;
  /** How busy each core was over the run, whoever used it (0..1). */
  cores: number[];
}

let jobs = 0;
async function load(serverPid: number, job: LoadJob): Promise<Measured> {
  const file = path.join(work, `job-${++jobs}.json`);
  writeFileSync(file, JSON.stringify(job));
  const argv = pinned('1', [process.execPath, path.join(__dirname, 'load.js'), file]);
  const before = { server: cpuSeconds(serverPid), cores: coreTimes() };
  const window = process.hrtime.bigint() / 1000n;
  const child = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`the load generator failed (exit ${code})`);
  if (CPU_PROF) say(`cpu-prof window ${job.url}: ${window}..${process.hrtime.bigint() / 1000n} µs`);
  const cores = coreTimes().map(
    ([busy, all], i) => (busy - before.cores[i]![0]) / (all - before.cores[i]![1]),
  );
  const result = JSON.parse(out) as LoadResult;
  const ok = result.statuses['200'] ?? 0;
  return {
    result,
    ok,
    rate: ok / result.seconds,
    serverCpu: (cpuSeconds(serverPid) - before.server) / result.seconds,
    cores,
  };
}

const pct = (x: number) => `${Math.round(x * 100)}%`;
const round = (x: number) => Math.round(x * 10) / 10;

const allAccepted = (m: Measured) =>
  m.ok > 0 && m.result.errors === 0 && Object.keys(m.result.statuses).every((s) => s === '200');

function others(m: Measured): string {
  const rest = Object.entries(m.result.statuses).filter(([s]) => s !== '200');
  if (allAccepted(m)) return `${m.ok} × 200, no other status or error`;
  const { errors, timeouts, refusals } = m.result;
  return `${m.ok} × 200, NOT ALL ACCEPTED: ${JSON.stringify(Object.fromEntries(rest))}, ${errors} errors (${timeouts} timeouts), e.g. ${refusals.join(' ')}`;
}

/**
 * Who used the cores: the server and autocannon, and how busy each core was in all (other processes included); and
 * the server's CPU time per 200 response, which other load on the machine does not change much.
 */
function cpuNote(m: Measured): string {
  const loadCpu = m.result.cpuSeconds / m.result.seconds;
  const perRequest = `server CPU ${Math.round((m.serverCpu / m.rate) * 1e6)} µs per request`;
  return PINNING
    ? `${perRequest}; core 0 ${pct(m.cores[0]!)} busy (server ${pct(m.serverCpu)}), core 1 ${pct(m.cores[1]!)} busy (autocannon ${pct(loadCpu)})`
    : `${perRequest}; server ${pct(m.serverCpu)}, autocannon ${pct(loadCpu)} of a core (not pinned)`;
}

interface Target {
  label: string;
  config: Config;
}

/** Enrols the devices in the target's store, starts its server process, and runs `fn` against it. */
async function withServer<T>(
  target: Target,
  devices: TestDevice[],
  fn: (base: string, pid: number) => Promise<T>,
): Promise<T> {
  const store = await openStore(target.config.store);
  for (const d of devices) await store.enrolDevice({ ...d, label: 'bench box', enrolledAt: new Date() });
  await store.close();
  const port = await freePort();
  const configFile = path.join(work, `${target.label}.json`);
  writeFileSync(configFile, JSON.stringify({ ...target.config, listen: { host: '127.0.0.1', port } }));
  const nodeArgs = CPU_PROF
    ? ['--cpu-prof', `--cpu-prof-dir=${CPU_PROF}`, `--cpu-prof-name=${target.label}.cpuprofile`]
    : [];
  const server = await startServerProcess(
    CLI,
    configFile,
    port,
    path.join(work, `${target.label}.log`),
    nodeArgs,
  );
  say(`${target.label}: server pid ${server.pid} on ${server.base}`);
  try {
    return await fn(server.base, server.pid);
  } finally {
    await server.stop();
  }
}

async function noop(base: string, pid: number, label: string): Promise<Measured> {
  const job = { url: `${base}/healthz`, method: 'GET', connections: CONNECTIONS } as const;
  await load(pid, { ...job, seconds: WARMUP_SECONDS });
  const m = await load(pid, { ...job, seconds: SECONDS });
  if (!allAccepted(m)) refused = true;
  say(`${label}: GET /healthz ${Math.round(m.rate)}/s, p99 ${m.result.p99} ms`);
  return m;
}

/**
 * A warm-up on a small pool, which also measures the rate to size the timed pool (twice what the warm-up rate
 * needs, plus what the warm-up left unsent), then the timed run.
 */
async function verifications(
  base: string,
  pid: number,
  label: string,
  devices: TestDevice[],
  card: CardProfile,
) {
  const url = `${base}/v1/assertions`;
  await linkCard(base, devices[0]!, card, SERVICE); // once per store: a login needs the card linked to the service
  const run = async (pool: PoolFile, seconds: number) => {
    const file = path.join(work, `pool-${label}-${jobs}.json`);
    writeFileSync(file, JSON.stringify(pool));
    const m = await load(pid, { url, method: 'POST', connections: CONNECTIONS, seconds, pool: file });
    return { m, count: pool.items.length, unsent: pool.items.slice(m.result.used) };
  };
  const fresh = async (count: number): Promise<PoolItem[]> => {
    if (count === 0) return [];
    const t = Date.now();
    const pool = await pregenerate(base, devices, card, count, SERVICE);
    say(
      `${label}: ${count} challenges + assertions pre-generated in ${((Date.now() - t) / 1000).toFixed(1)} s`,
    );
    return pool.items;
  };
  const certificate = Buffer.from(card.jpki.authCert, 'base64').toString('base64url');
  const warm = await run({ certificate, items: await fresh(WARMUP_POOL) }, WARMUP_SECONDS);
  say(`${label}: warm-up ${Math.round(warm.m.rate)}/s (${others(warm.m)})`);
  if (!allAccepted(warm.m)) throw new Error(`${label}: the warm-up's assertions were not all accepted`);
  // The warm-up's unsent assertions are still fresh: the timed pool starts with them.
  const need = Math.ceil(Math.max(warm.m.rate, 100) * SECONDS * 2) + 3 * CONNECTIONS;
  const items = [...warm.unsent, ...(await fresh(Math.max(0, need - warm.unsent.length)))];
  const timed = await run({ certificate, items }, SECONDS);
  say(
    `${label}: POST /v1/assertions ${Math.round(timed.m.rate)}/s, p99 ${timed.m.result.p99} ms (${others(timed.m)})`,
  );
  return timed;
}

function verificationRow(name: string, v: { m: Measured; count: number }, base: Measured): BenchRow {
  const { m } = v;
  const share = (m.rate / base.rate) * 100;
  if (!allAccepted(m)) refused = true;
  const goals = [
    `≥${GOAL.rate}/s ${m.rate >= GOAL.rate ? 'met' : 'missed'}`,
    `≥${GOAL.share}% ${share >= GOAL.share ? 'met' : 'missed'}`,
    `p99≤${GOAL.p99} ms ${m.result.p99 <= GOAL.p99 ? 'met' : 'missed'}`,
  ].join(', ');
  return {
    name,
    unit: 'verifications/s; p99 ms',
    median: round(m.rate),
    p99: m.result.p99,
    n: m.ok,
    note:
      `${share.toFixed(1)}% of no-op; goals ${goals}; ${others(m)}; p50 ${m.result.p50} ms; ${cpuNote(m)}; ` +
      `${CONNECTIONS} connections, ${m.result.seconds} s${m.result.exhausted ? ` (all ${v.count} pre-generated assertions used: ended early)` : ''}`,
  };
}

async function main(): Promise<void> {
  if (!PINNING)
    say('taskset or a second core is missing: server and load generator are NOT pinned to separate cores');
  const [busy = 0] = os.loadavg();
  if (busy > 0.5) say(`the machine is busy already (load ${busy.toFixed(1)}): expect lower numbers`);
  say(`building the test PKI and card profiles in ${work}`);
  const pki: TestPki = await buildPki(new Date(Date.now() - 60_000));
  const rows: BenchRow[] = [];
  let pg: TestPostgres | undefined;
  const stateDirs: string[] = [];
  /** fixture's test config (the test PKI's CAs, its services) with a fresh state directory, removed at the end. */
  const config = (over: Record<string, unknown>): Config => {
    const c = testConfig(pki, over);
    stateDirs.push(c.stateDir);
    return c;
  };
  try {
    const card = pki.profile('valid');
    const devices = Array.from({ length: DEVICES }, (_, i) => newDevice(`bench-box-${i}`));
    const over = {
      rateLimit: { max: 1_000_000_000 },
      challenge: { ttlSeconds: 900 },
      device: { maxSkewSeconds: 900 },
      logLevel: LOG_LEVEL,
    };

    const sqlite = { label: 'sqlite', config: config(over) };
    const { base, sqliteRun } = await withServer(sqlite, devices, async (url, pid) => ({
      base: await noop(url, pid, 'sqlite'),
      sqliteRun: await verifications(url, pid, 'sqlite', devices, card),
    }));
    rows.push({
      name: 'GET /healthz (no-op), SQLite server',
      unit: 'requests/s; p99 ms',
      median: round(base.rate),
      p99: base.result.p99,
      n: base.ok,
      note:
        `the server's cheapest route through the full plugin stack (no dedicated no-op route); ` +
        `${others(base)}; p50 ${base.result.p50} ms; ${cpuNote(base)}; ${CONNECTIONS} connections, ${base.result.seconds} s, log level ${LOG_LEVEL}`,
    });
    rows.push(verificationRow('POST /v1/assertions, SQLite (WAL)', sqliteRun, base));

    const availability = pgAvailability();
    if (!availability.available) {
      if (PG_REQUIRED) throw new Error(availability.reason);
      say(`skipping PostgreSQL: ${availability.reason}`);
    } else {
      const previous = pinSelf(PG_CPUS); // the cluster inherits this affinity
      try {
        pg = startPostgres();
      } finally {
        if (previous) pinSelf(previous);
      }
      const postgres = {
        label: 'postgres',
        config: config({ ...over, store: { kind: 'postgres', url: pg.url } }),
      };
      const pgRun = await withServer(postgres, devices, (url, pid) =>
        verifications(url, pid, 'postgres', devices, card),
      );
      rows.push(
        verificationRow(`POST /v1/assertions, PostgreSQL 15 (on CPU ${PG_CPUS}, fsync off)`, pgRun, base),
      );
    }
  } finally {
    pg?.stop();
    for (const dir of stateDirs) rmSync(dir, { recursive: true, force: true });
    pki.cleanup();
    rmSync(work, { recursive: true, force: true });
  }
  if (process.env.BENCH_OUT) writeFileSync(process.env.BENCH_OUT, JSON.stringify(rows, null, 2));
  console.log(JSON.stringify(rows, null, 2));
  say('done');
  if (refused) {
    console.error(
      'a timed run got a status other than 200 or an error: its row does not measure what it says',
    );
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
