import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { AuditRecord } from '@madoguchi/protocol';
import { stackLayout } from '../../src/layout';
import { startStack, type RunningStack, type StackOptions } from '../../src/stack';
import type { StackPorts } from '../../src/ports';
import { waitForCardState } from './bridge-client';
import { freePorts } from './stack-process';

export interface TestStack {
  stack: RunningStack;
  state: string;
  ports: StackPorts;
  bridgeUrl: string;
  tvOrigin: string;
  stop(): Promise<void>;
}

/** startStack() in this process on a fresh state directory and free ports, so a test can stop and start its parts. */
export async function startTestStack(options: Partial<StackOptions> = {}): Promise<TestStack> {
  const state = mkdtempSync(path.join(os.tmpdir(), 'madoguchi-stack-test-'));
  const ports = await freePorts();
  const stack = await startStack({ state, ports, ...options }).catch((error: Error) => {
    rmSync(state, { recursive: true, force: true });
    throw error;
  });
  return {
    stack,
    state,
    ports,
    bridgeUrl: `ws://127.0.0.1:${ports.bridge}`,
    tvOrigin: `http://127.0.0.1:${ports.tv}`,
    stop: async () => {
      await stack.stop();
      rmSync(state, { recursive: true, force: true });
    },
  };
}

const run = promisify(execFile);
const cli = (pkg: string) => path.join(__dirname, `../../../../${pkg}/dist/interface/cli.js`);

/** The operator's audit trail, read with `madoguchi-server audit` as an operator would. */
export async function auditRecords(stack: RunningStack, query: string[] = []): Promise<AuditRecord[]> {
  const { stdout } = await run(process.execPath, [
    ...[cli('auth-server'), '--config', stack.layout.serverConfig, 'audit'],
    ...['--limit', '1000', ...query],
  ]);
  return stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as AuditRecord);
}

/** `jpki-sim card …` against the running card of the stack on `state`, as a person in another terminal. */
export async function moveCard(state: string, ...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, [
    cli('mocks/jpki-card'),
    '--state',
    stackLayout(state).sim.state,
    'card',
    ...args,
  ]);
  return stdout.trim();
}

/**
 * Takes the card off the reader and puts it back, waiting for the bridge to see each move: a recent login is reused
 * only for the same insertion, so the next login asks for the PIN again. Takes what a stack run in this process
 * (TestStack) or as `npm start` runs it both have.
 */
export async function reinsertCard(s: Pick<TestStack, 'state' | 'bridgeUrl' | 'tvOrigin'>): Promise<void> {
  await moveCard(s.state, 'remove');
  await waitForCardState(s.bridgeUrl, s.tvOrigin, 'absent');
  await moveCard(s.state, 'put-back');
  await waitForCardState(s.bridgeUrl, s.tvOrigin, 'present');
}

/** Services' staff view (GET with the staff token). */
export async function staffGet<T>(staffToken: string, port: number, route: string): Promise<T> {
  const res = await fetch(`http://127.0.0.1:${port}${route}`, {
    headers: { authorization: `Bearer ${staffToken}` },
  });
  if (res.status !== 200) throw new Error(`${route}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}
