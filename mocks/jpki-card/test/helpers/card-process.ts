import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import type { PcscdStack } from '../../src/stack/pcscd-stack';

/** The built CLI: tests that put a card into a real reader run it as a child inside the stack's namespace. */
export const CLI = path.join(__dirname, '../../dist/interface/cli.js');

export interface CardProcess {
  child: ChildProcess;
  /** Sends a control line (remove, insert, swap NAME) and waits for its reply. */
  control(line: string): Promise<string>;
  stop(): Promise<void>;
}

/** Runs `jpki-sim card insert` in the stack's namespace and resolves once the card is in the reader. */
export async function insertCardProcess(
  stack: PcscdStack,
  state: string,
  profile: string,
): Promise<CardProcess> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run pnpm build first (npm test does)`);
  const argv = stack.wrap([
    process.execPath,
    CLI,
    'card',
    'insert',
    '--state',
    state,
    '--profile',
    profile,
    '--vpcd',
    `${stack.vpcd.host}:${stack.vpcd.port}`,
    '--control',
    path.join(state, `card-${stack.vpcd.port}.sock`),
    '--json',
  ]);
  const child = spawn(argv[0]!, argv.slice(1), { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const replies: Array<(reply: string) => void> = [];
  let onReady: (() => void) | undefined;
  readline.createInterface({ input: child.stdout! }).on('line', (line) => {
    const event = JSON.parse(line) as { event: string; reply?: string };
    if (event.event === 'ready') onReady?.();
    if (event.event === 'reply') replies.shift()?.(event.reply ?? '');
  });
  await new Promise<void>((resolve, reject) => {
    onReady = resolve;
    child.once('exit', (code) => reject(new Error(`card process exited with ${code}: ${stderr}`)));
  });
  return {
    child,
    control: (line) =>
      new Promise((resolve) => {
        replies.push(resolve);
        child.stdin!.write(line + '\n');
      }),
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
