import { MadoguchiError } from '@madoguchi/protocol';
import type { CardReader, ReaderEvent } from '../protocol/card-reader';
import {
  classifyPcscError,
  pcsclite,
  type PcscBinding,
  type PcscContext,
  type PcscReaderHandle,
} from './pcsc-binding';
import { PcscChannel } from './pcsc-channel';

export interface PcscReaderOptions {
  /** Use only readers whose name contains this (e.g. "Virtual PCD 00 00"); default: every reader. */
  readerName?: string;
  /** How long to wait before opening PC/SC again after pcscd went away or was not there yet. */
  restartDelayMs?: number;
  binding?: PcscBinding;
  /**
   * Told before each PC/SC context is opened and how that ended, and when pcscd went away: the supervisor
   * (pcsc-process.ts) kills a process whose `opening` never ends (SCardEstablishContext blocks the main thread).
   */
  onContext?: (phase: ContextPhase) => void;
}

export type ContextPhase = 'opening' | 'open' | 'unavailable' | 'lost';

/** How long to wait, after pcscd went away, for the readers' status threads to end by themselves. */
const LOST_END_WAIT_MS = 2000;

interface Slot {
  readonly handle: PcscReaderHandle;
  atr: Uint8Array | undefined;
  channel: Promise<PcscChannel> | undefined;
  /** A disconnect under way, so removal and shutdown never disconnect twice. */
  disconnecting: Promise<void> | undefined;
}

/**
 * The card reader on the box through pcscd. Reader and card changes arrive as pcsclite status events (its own
 * SCardGetStatusChange threads; we run no polling loop). When pcscd goes away the context is dropped, every channel
 * dies READER_MISSING, and a new context is opened after `restartDelayMs` — a reconnect timer, not a poll.
 *
 * Shutdown: every reader handle is closed before the context. pcsclite's context.close() alone leaves the reader
 * threads running and the process never exits (measured, see README); close() here lets it exit on its own.
 */
export class PcscReader implements CardReader {
  readonly #options: Required<Omit<PcscReaderOptions, 'readerName'>> & { readerName: string | undefined };
  readonly #slots = new Map<string, Slot>();
  readonly #listeners = new Set<(event: ReaderEvent) => void>();
  readonly #ignored = new Set<PcscReaderHandle>();
  /** Handles whose status thread has ended by itself ('end'): closing them never blocks. */
  readonly #ended = new WeakSet<PcscReaderHandle>();
  /**
   * Handles of a lost pcscd whose status thread never ended: never closed (close() would join that thread on the
   * main thread and could block for ever) and kept referenced so that the GC never runs their destructor (which
   * joins too). A few bytes per pcscd loss that did not end cleanly; none seen in tests.
   */
  readonly #stuck = new Set<PcscReaderHandle>();
  #context: PcscContext | undefined;
  #restart: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(options: PcscReaderOptions = {}) {
    this.#options = {
      readerName: options.readerName,
      restartDelayMs: options.restartDelayMs ?? 1000,
      binding: options.binding ?? pcsclite,
      onContext: options.onContext ?? (() => undefined),
    };
    this.#open();
  }

  subscribe(listener: (event: ReaderEvent) => void): () => void {
    this.#listeners.add(listener);
    for (const [reader, slot] of this.#slots) {
      listener({ type: 'reader-attached', reader });
      if (slot.atr) listener({ type: 'card-inserted', reader, atr: slot.atr });
    }
    return () => this.#listeners.delete(listener);
  }

  async connect(): Promise<PcscChannel> {
    const first = this.#slots.values().next();
    if (first.done) throw new MadoguchiError('READER_MISSING', 'no card reader is attached');
    const slot = first.value;
    if (!slot.atr) throw new MadoguchiError('CARD_ABSENT', 'no card in the reader');
    const atr = slot.atr;
    if (slot.channel && (await slot.channel.catch(() => undefined))?.alive) return slot.channel;
    // A channel that died on its own (the card stopped answering) still holds pcsclite's connection.
    await this.#release(slot, 'CARD_REMOVED');
    slot.channel = new Promise<PcscChannel>((resolve, reject) => {
      slot.handle.connect({ share_mode: slot.handle.SCARD_SHARE_EXCLUSIVE }, (error, protocol) => {
        if (!error) return resolve(new PcscChannel(slot.handle, protocol, atr));
        const failure = classifyPcscError(error);
        reject(
          new MadoguchiError(
            failure === 'card-removed'
              ? 'CARD_REMOVED'
              : failure === 'reader-gone'
                ? 'READER_MISSING'
                : 'CARD_UNREADABLE',
            `could not connect to the card: ${error.message}`,
          ),
        );
      });
    });
    slot.channel.catch(() => (slot.channel = undefined));
    return slot.channel;
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#restart);
    await this.#drop('shutdown');
    this.#listeners.clear();
  }

  #open(): void {
    if (this.#closed) return;
    let context: PcscContext;
    this.#options.onContext('opening');
    try {
      context = this.#options.binding();
    } catch {
      // pcscd is not (yet) there: try again later; until then the state stays reader-missing.
      this.#options.onContext('unavailable');
      this.#restart = setTimeout(() => this.#open(), this.#options.restartDelayMs);
      return;
    }
    this.#options.onContext('open');
    this.#context = context;
    context.on('reader', (handle) => this.#attach(handle));
    context.on('error', () => {
      if (this.#context !== context) return; // the "Command cancelled" that our own close() causes
      this.#options.onContext('lost');
      void this.#drop('lost');
      this.#restart = setTimeout(() => this.#open(), this.#options.restartDelayMs);
    });
  }

  #attach(handle: PcscReaderHandle): void {
    const name = handle.name;
    if (this.#options.readerName !== undefined && !name.includes(this.#options.readerName)) {
      // Not ours; closed with the context (closing it right away can leave its thread behind).
      handle.on('error', () => undefined);
      handle.on('end', () => this.#ended.add(handle));
      this.#ignored.add(handle);
      return;
    }
    const slot: Slot = { handle, atr: undefined, channel: undefined, disconnecting: undefined };
    this.#slots.set(name, slot);
    handle.on('error', () => undefined); // its status thread ended; 'end' or the context error follows
    handle.on('end', () => {
      this.#ended.add(handle);
      this.#detach(name, slot);
    });
    handle.on('status', ({ state, atr }) =>
      this.#status(name, slot, (state & handle.SCARD_STATE_PRESENT) !== 0, atr),
    );
    this.#emit({ type: 'reader-attached', reader: name });
  }

  #status(reader: string, slot: Slot, present: boolean, atr: Buffer | undefined): void {
    if (this.#slots.get(reader) !== slot) return;
    const atrBytes = Uint8Array.from(atr ?? []);
    const swapped =
      present && slot.atr !== undefined && Buffer.compare(Buffer.from(slot.atr), Buffer.from(atrBytes)) !== 0;
    if (slot.atr && (!present || swapped)) this.#cardGone(reader, slot);
    if (present && !slot.atr) {
      slot.atr = atrBytes;
      this.#emit({ type: 'card-inserted', reader, atr: atrBytes });
    }
  }

  #cardGone(reader: string, slot: Slot): void {
    slot.atr = undefined;
    void this.#release(slot, 'CARD_REMOVED');
    this.#emit({ type: 'card-removed', reader });
  }

  #detach(reader: string, slot: Slot): void {
    if (this.#slots.get(reader) !== slot) return;
    void this.#release(slot, 'READER_MISSING');
    if (slot.atr) this.#cardGone(reader, slot);
    this.#slots.delete(reader);
    this.#emit({ type: 'reader-detached', reader });
  }

  /** Kills the slot's channel and lets pcsclite forget the connection (else its next connect() is a no-op). */
  #release(slot: Slot, code: 'CARD_REMOVED' | 'READER_MISSING'): Promise<void> {
    const channel = slot.channel;
    slot.channel = undefined;
    void channel?.then(
      (c) => c.kill(code, code === 'CARD_REMOVED' ? 'the card was removed' : 'the reader went away'),
      () => undefined,
    );
    if (!slot.handle.connected) return slot.disconnecting ?? Promise.resolve();
    slot.disconnecting ??= new Promise<void>((resolve) =>
      slot.handle.disconnect(slot.handle.SCARD_LEAVE_CARD, (error) => {
        // After a removal the handle is already invalid and SCardDisconnect fails, but pcsclite then keeps
        // `connected` true and its next connect() would return at once with no protocol.
        if (error) slot.handle.connected = false;
        resolve();
      }),
    ).finally(() => (slot.disconnecting = undefined));
    return slot.disconnecting;
  }

  /**
   * Drops the context and every reader; channels die READER_MISSING. Order matters for exit: disconnect, then close
   * each reader handle, then the context (see the class comment).
   *
   * When pcscd went away ('lost'), every reader's status thread ends by itself (its SCardGetStatusChange fails):
   * we wait for that ('end', at most LOST_END_WAIT_MS) and close only ended handles. Closing one whose thread is
   * still inside SCardGetStatusChange makes pcsclite cancel and then join it on the main thread, and a lost cancel
   * blocks that join for ever — measured: about one pcscd stop in ten froze the process that way.
   */
  async #drop(why: 'shutdown' | 'lost'): Promise<void> {
    const context = this.#context;
    this.#context = undefined;
    const slots = [...this.#slots];
    const handles = [...slots.map(([, slot]) => slot.handle), ...this.#ignored];
    this.#ignored.clear();
    const disconnected = slots.map(([, slot]) => this.#release(slot, 'READER_MISSING'));
    for (const [reader, slot] of slots) this.#detach(reader, slot);
    await Promise.all(disconnected);
    if (why === 'lost') await this.#untilEnded(handles, LOST_END_WAIT_MS);
    for (const handle of handles) {
      if (why === 'lost' && !this.#ended.has(handle)) this.#stuck.add(handle);
      else handle.close();
    }
    if (why === 'shutdown' || this.#stuck.size === 0) context?.close();
  }

  #untilEnded(handles: PcscReaderHandle[], ms: number): Promise<void> {
    const waiting = handles.filter((h) => !this.#ended.has(h));
    if (waiting.length === 0) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      let left = waiting.length;
      for (const handle of waiting) {
        handle.on('end', () => {
          if (--left === 0) {
            clearTimeout(timer);
            resolve();
          }
        });
      }
    });
  }

  #emit(event: ReaderEvent): void {
    for (const listener of this.#listeners) listener(event);
  }
}
