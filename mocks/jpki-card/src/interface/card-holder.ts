import { EventEmitter } from 'node:events';
import net from 'node:net';
import { rm } from 'node:fs/promises';
import { VirtualCard } from '../domain/virtual-card';
import { createMemoryCounterStore, type CounterStore } from '../domain/counter-store';
import { createFileCounterStore } from '../profile/file-counter-store';
import { loadProfile } from '../profile/load-profile';
import type { SimLayout } from '../profile/build-profiles';
import { VpcdClient, type VpcdEndpoint } from '../transport/vpcd-client';

/**
 * A person at the reader: keeps one virtual card in the vpcd reader and, on request, pulls it out, puts it back or
 * swaps it for another profile, or pulls it at the Nth APDU from now. Requests arrive as text lines (`remove`,
 * `insert`, `swap NAME`, `pull-at N`, `status`) from stdin
 * or from a control socket, so another terminal (`jpki-sim card remove`) or a test can play the person.
 */
export interface CardHolderOptions {
  layout: SimLayout;
  profile: string;
  vpcd: VpcdEndpoint;
  /** Keep PIN counters in STATE/counters/NAME.json so that a blocked PIN stays blocked across runs. */
  keepCounters: boolean;
}

export class CardHolder extends EventEmitter {
  private client: VpcdClient | undefined;
  private card: VirtualCard | undefined;
  private profile: string;

  constructor(private readonly options: CardHolderOptions) {
    super();
    this.profile = options.profile;
  }

  get status(): { profile: string; inserted: boolean; myNumberSelects: number } {
    return {
      profile: this.profile,
      inserted: this.client?.inserted ?? false,
      myNumberSelects: this.card?.myNumberSelects ?? 0,
    };
  }

  async start(): Promise<void> {
    this.card = await this.makeCard(this.profile);
    this.client = new VpcdClient(this.card, this.options.vpcd, { reconnect: true });
    this.client.on('inserted', () => this.emit('event', { event: 'inserted', profile: this.profile }));
    this.client.on('removed', () => this.emit('event', { event: 'removed', profile: this.profile }));
    this.client.on('fault', (err: Error) =>
      this.emit('event', { event: 'fault', profile: this.profile, message: err.message }),
    );
    await this.client.insert();
  }

  async stop(): Promise<void> {
    await this.client?.remove();
  }

  /** Runs one control line; resolves with the reply line. */
  async control(line: string): Promise<string> {
    const [command, arg] = line.trim().split(/\s+/);
    switch (command) {
      case 'remove':
        await this.client?.remove();
        return 'ok removed';
      case 'insert':
        await this.client?.insert();
        return 'ok inserted';
      case 'swap': {
        if (!arg) return 'error: swap needs a profile name';
        const card = await this.makeCard(arg);
        this.profile = arg;
        this.card = card;
        await this.client?.swap(card);
        return `ok swapped to ${arg}`;
      }
      case 'pull-at': {
        const n = Number(arg);
        if (!this.client || !Number.isInteger(n) || n < 1) return 'error: pull-at needs a whole number N ≥ 1';
        this.client.pullAt(n);
        return `ok armed: the card leaves at APDU ${n} from now`;
      }
      case 'status':
        return JSON.stringify(this.status);
      case '':
      case undefined:
        return '';
      default:
        return `error: unknown command ${JSON.stringify(command)} (remove, insert, swap NAME, pull-at N, status)`;
    }
  }

  /** Serves control lines on a unix socket until the holder stops. */
  async listen(socketPath: string): Promise<net.Server> {
    await rm(socketPath, { force: true });
    const server = net.createServer((socket) => {
      let buffer = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => {
        buffer += chunk;
        let nl: number;
        while ((nl = buffer.indexOf('\n')) >= 0) {
          const line = buffer.slice(0, nl);
          buffer = buffer.slice(nl + 1);
          void this.control(line).then(
            (reply) => socket.write(reply + '\n'),
            (err: Error) => socket.write(`error: ${err.message}\n`),
          );
        }
      });
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(socketPath, resolve));
    return server;
  }

  private async makeCard(name: string): Promise<VirtualCard> {
    const profile = await loadProfile(this.options.layout.profile(name));
    const counters: CounterStore = this.options.keepCounters
      ? createFileCounterStore(this.options.layout.counterFile(name))
      : createMemoryCounterStore();
    return new VirtualCard(profile, { counters });
  }
}

/** Sends one control line to a running holder and returns its reply. */
export function sendControl(socketPath: string, line: string, timeoutMs = 5000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(socketPath);
    let reply = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer from ${socketPath} within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.setEncoding('utf8');
    socket.on('connect', () => socket.write(line + '\n'));
    socket.on('data', (chunk: string) => {
      reply += chunk;
      if (reply.includes('\n')) {
        clearTimeout(timer);
        socket.end();
        resolve(reply.trim());
      }
    });
    socket.on('error', (err) => {
      clearTimeout(timer);
      reject(
        new Error(
          `no card holder is listening at ${socketPath} (${err.message}); start one with jpki-sim card insert`,
        ),
      );
    });
  });
}
