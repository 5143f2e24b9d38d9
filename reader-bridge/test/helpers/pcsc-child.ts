import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { MadoguchiError, isErrorCode, type CardChannel } from '@madoguchi/protocol';

export type Seen = 'no-reader' | 'absent' | 'present';

/**
 * A PcscReader in a child process (test/fixtures/pcsc-driver.ts), seen from the test as a reader state and
 * CardChannels whose transmit goes over IPC. Every request and the teardown are bounded: a child whose native
 * pcsclite call blocks its event loop is killed, so a PC/SC test can fail but never hang the suite.
 */
export interface PcscChild {
  readonly state: Seen;
  /** Resolves once the reader state is `wanted` (now or later); rejects after `ms`. */
  waitFor(wanted: Seen, ms?: number): Promise<void>;
  connect(): Promise<CardChannel>;
  /** Closes the reader and waits for the child to exit on its own; kills it after `ms`. */
  close(ms?: number): Promise<{ exitedOnItsOwn: boolean }>;
  kill(): void;
}

const REQUEST_TIMEOUT_MS = 20_000;

export async function startPcscChild(readerName: string): Promise<PcscChild> {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '-r',
      path.join(__dirname, 'register-ts.js'),
      path.join(__dirname, '../fixtures/pcsc-driver.ts'),
      readerName,
    ],
    { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
  );
  let state: Seen = 'no-reader';
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: unknown): void }>();
  const watchers = new Set<() => void>();
  let nextId = 0;

  child.on(
    'message',
    (m: { state?: Seen; id?: number; value?: unknown; error?: { code?: string; message: string } }) => {
      if (m.state) {
        state = m.state;
        for (const w of [...watchers]) w();
        return;
      }
      const waiter = m.id === undefined ? undefined : pending.get(m.id);
      if (!waiter) return;
      pending.delete(m.id!);
      if (!m.error) return waiter.resolve(m.value);
      const code = m.error.code;
      waiter.reject(
        isErrorCode(code) ? new MadoguchiError(code, m.error.message) : new Error(m.error.message),
      );
    },
  );
  void exit.then(() => {
    for (const [, w] of pending) w.reject(new Error('the PC/SC child exited'));
    pending.clear();
  });

  const request = <T>(op: string, fields: Record<string, unknown> = {}): Promise<T> => {
    if (exited) return Promise.reject(new Error('the PC/SC child has exited'));
    const id = ++nextId;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`PC/SC child: ${op} took over ${REQUEST_TIMEOUT_MS} ms`));
      }, REQUEST_TIMEOUT_MS);
      pending.set(id, {
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v as T);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      child.send({ id, op, ...fields }, (error) => {
        if (!error || !pending.has(id)) return;
        pending.delete(id);
        clearTimeout(timer);
        reject(error);
      });
    });
  };

  const kill = () => {
    if (!exited) child.kill('SIGKILL');
  };

  await new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', reject);
  });

  return {
    get state() {
      return state;
    },
    waitFor: (wanted, ms = 15_000) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (state !== wanted) return;
          clearTimeout(timer);
          watchers.delete(check);
          resolve();
        };
        const timer = setTimeout(() => {
          watchers.delete(check);
          reject(new Error(`reader never became ${wanted} (is ${state})`));
        }, ms);
        watchers.add(check);
        check();
      }),
    connect: async () => {
      const { channel, atr } = await request<{ channel: number; atr: string }>('connect');
      return {
        atr: Uint8Array.from(Buffer.from(atr, 'hex')),
        transmit: async (command: Uint8Array) =>
          Uint8Array.from(
            Buffer.from(
              await request<string>('transmit', { channel, hex: Buffer.from(command).toString('hex') }),
              'hex',
            ),
          ),
      };
    },
    close: async (ms = 5000) => {
      if (exited) return { exitedOnItsOwn: true };
      const closing = request('close').catch(() => undefined);
      const timedOut = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), ms).unref());
      const result = await Promise.race([closing.then(() => exit).then(() => 'exited' as const), timedOut]);
      if (result === 'timeout') {
        kill();
        await exit;
        return { exitedOnItsOwn: false };
      }
      return { exitedOnItsOwn: true };
    },
    kill,
  };
}
