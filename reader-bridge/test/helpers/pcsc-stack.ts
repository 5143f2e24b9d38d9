import { mkdir, rm } from 'node:fs/promises';
import net from 'node:net';
import {
  pcscdAvailability,
  pointSocketLink,
  startPcscd,
  VpcdClient,
  type PcscdStack,
  type VirtualCard,
} from '@madoguchi/jpki-card';

/**
 * Real pcscd + vpcd for PC/SC tests. They need root: without it they are skipped with the reason, unless
 * MADOGUCHI_REQUIRE_PCSC=1 (CI), which makes them run and fail loudly instead.
 */
const unavailable = pcscdAvailability();
export const describePcsc: jest.Describe =
  unavailable && process.env.MADOGUCHI_REQUIRE_PCSC !== '1'
    ? (((name: string, fn: () => void) =>
        describe.skip(
          `${name} (skipped: ${unavailable}; set MADOGUCHI_REQUIRE_PCSC=1 to require)`,
          fn,
        )) as jest.Describe)
    : describe;

/**
 * pcsclite reads PCSCLITE_CSOCK_NAME once per process, but a test restarts pcscd (new socket). So clients use a
 * symlink that global-setup named for the whole run, and each (re)started stack is pointed at it. Test files run in
 * parallel workers, so a stack holds a lock on the link for its lifetime.
 */
function socketLink(): string {
  const link = process.env.PCSCLITE_CSOCK_NAME;
  if (!link)
    throw new Error('PCSCLITE_CSOCK_NAME is unset: run through jest (global-setup names the socket)');
  return link;
}

/** A cross-process lock: mkdir is atomic. Held by one stack at a time. */
async function lock(dir: string): Promise<() => Promise<void>> {
  const until = Date.now() + 120_000;
  for (;;) {
    try {
      await mkdir(dir);
      return () => rm(dir, { recursive: true, force: true });
    } catch {
      if (Date.now() > until) throw new Error(`${dir} stayed locked for 2 minutes`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

async function freePortPair(): Promise<number> {
  for (;;) {
    const port = 36000 + Math.floor(Math.random() * 20000);
    if ((await portFree(port)) && (await portFree(port + 1))) return port;
  }
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

export interface CardStack {
  readonly readerName: string;
  readonly vpcd: VpcdClient;
  /** Starts pcscd again (the card is put back when its reader is back). */
  restartPcscd(): Promise<void>;
  stopPcscd(): Promise<void>;
  stop(): Promise<void>;
}

/** A private pcscd (no netns: the card runs in this process) with `card` in its first reader. */
export async function startCardStack(card: VirtualCard): Promise<CardStack> {
  const unlock = await lock(`${socketLink()}.lock`);
  const port = await freePortPair();
  let stack: PcscdStack | undefined = await startPcscd({ netns: false, port });
  await pointSocketLink(socketLink(), stack);
  const vpcd = new VpcdClient(card, stack.vpcd, { reconnect: true, retryMs: 100 });
  await vpcd.insert();
  return {
    readerName: stack.readerName,
    vpcd,
    restartPcscd: async () => {
      await stack?.stop();
      stack = await startPcscd({ netns: false, port });
      await pointSocketLink(socketLink(), stack);
    },
    stopPcscd: async () => {
      await stack?.stop();
      stack = undefined;
    },
    stop: async () => {
      await vpcd.remove();
      await stack?.stop();
      await rm(socketLink(), { force: true });
      await unlock();
    },
  };
}
