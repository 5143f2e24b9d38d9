import { EventEmitter } from 'node:events';
import net from 'node:net';
import { FrameReader, frame, VPCD_CONTROL } from './vpcd-frame';

/** What the vpcd client needs of a card: an ATR, APDU in / APDU out, and a warm reset. */
export interface VpcdCard {
  readonly atr: Uint8Array;
  transmit(command: Uint8Array): Promise<Uint8Array>;
  reset(): void;
}

export interface VpcdEndpoint {
  host: string;
  port: number;
}

/** Parses "HOST:PORT" (the CLI's --vpcd value); the port defaults to vpcd's first reader, 35963. */
export function parseVpcdEndpoint(text: string): VpcdEndpoint {
  const m = /^(?<host>[^:]+|\[[^\]]+\])(?::(?<port>\d{1,5}))?$/.exec(text.trim());
  const port = Number(m?.groups?.port ?? 35963);
  if (!m?.groups?.host || port < 1 || port > 65535) {
    throw new RangeError(
      `--vpcd must be HOST:PORT (for example 127.0.0.1:35963), got ${JSON.stringify(text)}`,
    );
  }
  return { host: m.groups.host.replace(/^\[|\]$/g, ''), port };
}

/**
 * Puts a virtual card into pcscd's "Virtual PCD" reader: the card is the TCP client of vpcd, so connecting is an
 * insertion and closing is a removal. With `reconnect`, a card whose reader went away (pcscd restarted) goes back
 * in as soon as the reader is there again, as a card left on a real reader would.
 *
 * Events: 'inserted', 'removed', 'fault' (the card itself left mid-command; it stays out until inserted again).
 */
export class VpcdClient extends EventEmitter {
  private socket: net.Socket | undefined;
  private wanted = false;
  private retry: NodeJS.Timeout | undefined;
  /** APDUs are answered strictly in order, as a card would. */
  private queue: Promise<void> = Promise.resolve();
  /** Command APDUs still to answer before the armed pull (pullAt); undefined when none is armed. */
  private pullIn: number | undefined;

  constructor(
    private card: VpcdCard,
    private readonly endpoint: VpcdEndpoint,
    private readonly options: { reconnect?: boolean; retryMs?: number } = {},
  ) {
    super();
  }

  get inserted(): boolean {
    return this.socket !== undefined && !this.socket.connecting && !this.socket.destroyed;
  }

  /** Inserts the card; resolves once pcscd accepted the connection. */
  insert(): Promise<void> {
    this.wanted = true;
    return new Promise((resolve, reject) => {
      const onUp = () => {
        this.off('connect-failed', onFail);
        resolve();
      };
      const onFail = (err: Error) => {
        if (this.options.reconnect) return; // keep trying; resolve when it finally connects
        this.off('inserted', onUp);
        reject(err);
      };
      this.once('inserted', onUp);
      this.on('connect-failed', onFail);
      this.connect();
    });
  }

  /** Pulls the card out; resolves once the socket is closed. */
  remove(): Promise<void> {
    this.wanted = false;
    this.pullIn = undefined; // an armed pull belongs to the insertion it was armed in
    clearTimeout(this.retry);
    const socket = this.socket;
    if (!socket || socket.destroyed) return Promise.resolve();
    return new Promise((resolve) => {
      socket.once('close', () => resolve());
      socket.destroy();
    });
  }

  /**
   * Arms a pull: the `n`th command APDU from now (1 = the next) is never answered — the card leaves the reader as it
   * arrives, and stays out until inserted again. Faults tests pull the card at each step of an operation with it.
   */
  pullAt(n: number): void {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`pullAt needs a whole number ≥ 1, got ${n}`);
    this.pullIn = n;
  }

  /** Swaps in another card, as a person taking one card off the reader and putting another on. */
  async swap(card: VpcdCard): Promise<void> {
    await this.remove();
    this.card = card;
    await this.insert();
  }

  private connect(): void {
    const socket = net.connect({ host: this.endpoint.host, port: this.endpoint.port, noDelay: true });
    this.socket = socket;
    const reader = new FrameReader();
    let up = false;
    socket.on('connect', () => {
      up = true;
      this.emit('inserted');
    });
    socket.on('data', (chunk) => {
      for (const payload of reader.push(chunk))
        this.queue = this.queue.then(() => this.answer(socket, payload));
    });
    socket.on('error', (err) => {
      if (!up) this.emit('connect-failed', err);
    });
    socket.on('close', () => {
      if (this.socket === socket) this.socket = undefined;
      if (up) this.emit('removed');
      if (this.wanted && this.options.reconnect) {
        this.retry = setTimeout(() => this.wanted && this.connect(), this.options.retryMs ?? 250);
      }
    });
  }

  private async answer(socket: net.Socket, payload: Buffer): Promise<void> {
    if (socket.destroyed) return;
    if (payload.length === 1) {
      switch (payload[0]) {
        case VPCD_CONTROL.ATR:
          socket.write(frame(this.card.atr));
          return;
        case VPCD_CONTROL.POWER_OFF:
        case VPCD_CONTROL.RESET:
          this.card.reset();
          return;
        default:
          return; // power on needs no answer
      }
    }
    try {
      if (this.pullIn !== undefined && --this.pullIn === 0) {
        this.pullIn = undefined;
        throw new Error('pulled as armed (pullAt)'); // removed exactly as a card failing mid-command is, below
      }
      socket.write(frame(await this.card.transmit(payload)));
    } catch (err) {
      // A card that leaves mid-command (the pulled-mid-signature fault) is a removal: the reader loses it, and
      // it stays out until someone inserts it again.
      this.wanted = false;
      this.emit('fault', err);
      socket.destroy();
    }
  }
}
