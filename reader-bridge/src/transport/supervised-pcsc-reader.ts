import path from 'node:path';
import { isMadoguchiError, MadoguchiError, type CardChannel } from '@madoguchi/protocol';
import type { CardReader, ReaderEvent } from '../protocol/card-reader';
import { PcscChild } from './pcsc-child';
import type { ConnectReply } from './pcsc-ipc';

export interface SupervisedPcscReaderOptions {
  /** Use only readers whose name contains this (e.g. "Virtual PCD 00 00"); default: every reader. */
  readerName?: string;
  /** Wait before opening PC/SC again after pcscd went away, and before starting a child again (doubled, ≤ 30 s). */
  restartDelayMs?: number;
  /** Node options for the child; default this process's (as fork does: a TypeScript loader comes along). */
  execArgv?: readonly string[];
  /** The bounds of PcscChildOptions; defaults 2 s, 30 s and 5 s. */
  stallMs?: number;
  requestTimeoutMs?: number;
  openTimeoutMs?: number;
  /** After close(), how long the child gets to exit on its own before it is killed. */
  closeTimeoutMs?: number;
  /** Told when the child was killed or stopped and is started again (for the log). */
  onRestart?: (why: string, delayMs: number) => void;
}

const MAX_RESTART_DELAY_MS = 30_000;
/**
 * The child only relays events and APDUs: a small young generation and no optimising compiler cost it nothing
 * noticeable and save ~7 MB of its ~57 MB RSS (measured; README).
 */
const CHILD_NODE_FLAGS = ['--max-semi-space-size=1', '--no-opt'];

/**
 * The card reader on the box, with pcsclite in a supervised child process (pcsc-process.ts) so that nothing
 * pcsclite does can block the bridge's event loop (README, "PC/SC: pcsclite and clean shutdown"). Reader events and
 * channels come over IPC; every request is bounded (PcscChild). A child that stops answering is killed; a child
 * whose pcscd went away is let go: either way every channel dies READER_MISSING, the reader is reported detached,
 * and a fresh child is started after `restartDelayMs` (it replays the readers and card it finds).
 */
export class SupervisedPcscReader implements CardReader {
  readonly #options: Required<Omit<SupervisedPcscReaderOptions, 'readerName' | 'onRestart'>> &
    Pick<SupervisedPcscReaderOptions, 'readerName' | 'onRestart'>;
  readonly #listeners = new Set<(event: ReaderEvent) => void>();
  /** Each reader the child reports, with the ATR of its card while one is in. */
  readonly #readers = new Map<string, Uint8Array | undefined>();
  /** The connection to the card now in the reader (the child keeps one at a time; older ones answer by themselves). */
  #channel: RemoteChannel | undefined;
  #child: PcscChild | undefined;
  #restart: NodeJS.Timeout | undefined;
  /** Children in a row that never opened PC/SC: the restart delay doubles with each. */
  #failures = 0;
  #closed = false;

  constructor(options: SupervisedPcscReaderOptions = {}) {
    this.#options = {
      readerName: options.readerName,
      onRestart: options.onRestart,
      restartDelayMs: options.restartDelayMs ?? 1000,
      execArgv: options.execArgv ?? process.execArgv,
      stallMs: options.stallMs ?? 2000,
      requestTimeoutMs: options.requestTimeoutMs ?? 30_000,
      openTimeoutMs: options.openTimeoutMs ?? 5000,
      closeTimeoutMs: options.closeTimeoutMs ?? 3000,
    };
    this.#start();
  }

  /** The PC/SC child's process id while one runs (for the log). */
  get pid(): number | undefined {
    return this.#child?.pid;
  }

  subscribe(listener: (event: ReaderEvent) => void): () => void {
    this.#listeners.add(listener);
    for (const [reader, atr] of this.#readers) {
      listener({ type: 'reader-attached', reader });
      if (atr) listener({ type: 'card-inserted', reader, atr });
    }
    return () => this.#listeners.delete(listener);
  }

  async connect(): Promise<CardChannel> {
    const child = this.#child;
    if (!child) throw new MadoguchiError('READER_MISSING', 'the PC/SC service is restarting');
    const reply = await child.request<ConnectReply>('connect');
    if (this.#channel?.id === reply.channel && this.#channel.alive) return this.#channel;
    this.#channel = new RemoteChannel(child, reply.channel, reply.atr);
    return this.#channel;
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#restart);
    await this.#child?.close(this.#options.closeTimeoutMs);
    this.#listeners.clear();
  }

  #start(): void {
    if (this.#closed) return;
    const child: PcscChild = new PcscChild(
      {
        entry: path.join(__dirname, `pcsc-process${path.extname(__filename)}`),
        execArgv: [...CHILD_NODE_FLAGS, ...this.#options.execArgv],
        process: {
          restartDelayMs: this.#options.restartDelayMs,
          ...(this.#options.readerName !== undefined ? { readerName: this.#options.readerName } : {}),
        },
        stallMs: this.#options.stallMs,
        requestTimeoutMs: this.#options.requestTimeoutMs,
        openTimeoutMs: this.#options.openTimeoutMs,
      },
      (notice) => {
        if (this.#child !== child) return;
        if (notice.kind === 'event') return this.#apply(notice.event);
        if (notice.phase === 'open') this.#failures = 0;
        if (notice.phase !== 'lost') return;
        // pcscd went away: every channel dies READER_MISSING now (what the child says next, a card removal on the
        // way out, is not heard), and a fresh process opens the next context, so no pcsclite handle is ever
        // closed on a lost pcscd (that close can join a status thread for ever).
        this.#stopped(child, 'pcscd went away');
        child.kill('pcscd went away');
      },
      (why) => this.#stopped(child, why),
    );
    this.#child = child;
  }

  #stopped(child: PcscChild, why: string): void {
    if (this.#child !== child) return;
    this.#child = undefined;
    const gone = new MadoguchiError('READER_MISSING', `the PC/SC service stopped (${why})`);
    this.#channel?.kill(gone);
    this.#channel = undefined;
    for (const [reader, atr] of [...this.#readers]) {
      if (atr) this.#apply({ type: 'card-removed', reader });
      this.#apply({ type: 'reader-detached', reader });
    }
    if (this.#closed) return;
    const delay = Math.min(this.#options.restartDelayMs * 2 ** this.#failures, MAX_RESTART_DELAY_MS);
    this.#failures += 1;
    this.#options.onRestart?.(why, delay);
    this.#restart = setTimeout(() => this.#start(), delay);
  }

  /** Mirrors one reader event. Channels learn of a removal from the child, which knows the code it died with. */
  #apply(event: ReaderEvent): void {
    if (event.type === 'card-removed' || event.type === 'reader-attached')
      this.#readers.set(event.reader, undefined);
    if (event.type === 'card-inserted') this.#readers.set(event.reader, event.atr);
    if (event.type === 'reader-detached') this.#readers.delete(event.reader);
    for (const listener of this.#listeners) listener(event);
  }
}

/** A CardChannel whose commands run in the PC/SC child; dead for good once its card or reader is gone. */
class RemoteChannel implements CardChannel {
  #dead: MadoguchiError | undefined;

  constructor(
    private readonly child: PcscChild,
    readonly id: number,
    readonly atr: Uint8Array,
  ) {}

  get alive(): boolean {
    return this.#dead === undefined;
  }

  kill(error: MadoguchiError): void {
    this.#dead ??= error;
  }

  async transmit(command: Uint8Array): Promise<Uint8Array> {
    if (this.#dead) throw this.#dead;
    try {
      const response = await this.child.request<Uint8Array>('transmit', { channel: this.id, command });
      if (this.#dead) throw this.#dead;
      return response;
    } catch (error) {
      if (isMadoguchiError(error, 'CARD_REMOVED') || isMadoguchiError(error, 'READER_MISSING'))
        this.kill(error);
      throw this.#dead ?? error;
    }
  }
}
