/**
 * `pnpm bench` for the virtual card: APDU round-trip time (SELECT of the JPKI AP), median and p99, in-process and
 * through a real pcscd + vpcd — with and without the quickack network namespace, side by side in one run.
 * Writes its rows to $BENCH_OUT (the root bench collects them) and prints them.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { promisify } from 'node:util';
import { AID, encodeCommand, INS, SELECT_P1, SELECT_P2_NO_FCI } from '@madoguchi/protocol';
import { VirtualCard } from '../domain/virtual-card';
import { buildStandardProfiles, simLayout } from '../profile/build-profiles';
import { loadProfile } from '../profile/load-profile';
import { pcscdAvailability, startPcscd, waitFor } from '../stack/pcscd-stack';
import { summarise, type BenchRow } from './stats';

const run = promisify(execFile);
const COUNT = Number(process.env.BENCH_APDUS ?? 1000);
const select = encodeCommand({
  cla: 0,
  ins: INS.SELECT,
  p1: SELECT_P1.BY_AID,
  p2: SELECT_P2_NO_FCI,
  data: AID.JPKI,
});

async function inProcess(state: string): Promise<BenchRow> {
  const card = new VirtualCard(await loadProfile(simLayout(state).profile('valid')));
  for (let i = 0; i < 100; i++) await card.transmit(select);
  const samples: number[] = [];
  for (let i = 0; i < COUNT; i++) {
    const t = process.hrtime.bigint();
    await card.transmit(select);
    samples.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return summarise('APDU round trip, in-process card', samples);
}

async function throughPcscd(state: string, netns: boolean): Promise<BenchRow> {
  const stack = await startPcscd({ netns });
  const cli = path.join(__dirname, '../interface/cli.js');
  const argv = stack.wrap([
    process.execPath,
    cli,
    'card',
    'insert',
    '--state',
    state,
    '--profile',
    'valid',
    '--vpcd',
    `${stack.vpcd.host}:${stack.vpcd.port}`,
    '--control',
    path.join(state, `bench-${netns}.sock`),
    '--json',
  ]);
  const card = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    await new Promise<void>((resolve, reject) => {
      card.once('exit', (code) => reject(new Error(`card exited with ${code}`)));
      readline.createInterface({ input: card.stdout! }).on('line', (l) => l.includes('"ready"') && resolve());
    });
    const env = { ...process.env, ...stack.clientEnv };
    await waitFor(async () => /Yes/.test((await run('opensc-tool', ['-l'], { env })).stdout), 10_000);
    const { stdout } = await run(
      process.execPath,
      // Plain loopback costs ~44 ms an APDU (Nagle meets delayed ACK): fewer samples keep the run short.
      [path.join(__dirname, 'pcsc-roundtrip.js'), String(netns ? COUNT : Math.min(COUNT, 200))],
      {
        env,
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    const name = `APDU round trip, pcscd + vpcd${netns ? ', quickack netns' : ', plain loopback'}`;
    return summarise(name, JSON.parse(stdout) as number[], 'pcsclite client, SELECT AID');
  } finally {
    card.kill('SIGTERM');
    await stack.stop();
  }
}

async function main(): Promise<void> {
  const state = await mkdtemp(path.join(os.tmpdir(), 'madoguchi-bench-'));
  try {
    await buildStandardProfiles(state);
    const rows = [await inProcess(state)];
    const unavailable = pcscdAvailability();
    if (unavailable) console.error(`pcscd rows skipped: ${unavailable}`);
    else rows.push(await throughPcscd(state, true), await throughPcscd(state, false));
    if (process.env.BENCH_OUT) await writeFile(process.env.BENCH_OUT, JSON.stringify(rows, null, 2));
    console.table(rows);
  } finally {
    await rm(state, { recursive: true, force: true });
  }
}

void main().catch((err: Error) => {
  console.error(err);
  process.exit(1);
});
