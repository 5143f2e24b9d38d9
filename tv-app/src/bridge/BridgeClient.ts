import type { BridgeMessage, TvMessage } from '@madoguchi/protocol/messages/index';
import { backoffDelay } from './backoff';
import { isBridgeMessage } from './bridge-message-check';

export type ConnectionState = 'connecting' | 'open' | 'down';

export interface BridgeEvents {
  message(message: BridgeMessage): void;
  connection(state: ConnectionState): void;
}

type SocketFactory = (url: string) => WebSocket;

/**
 * The TV's one WebSocket to the reader-bridge. It validates every incoming message against the protocol schemas,
 * reconnects with backoff when the bridge goes away, and reports the connection state so the screen can show it.
 */
export default class BridgeClient {
  private socket: WebSocket | undefined;
  private attempt = 0;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;
  private state: ConnectionState = 'connecting';

  constructor(
    private readonly url: string,
    private readonly events: BridgeEvents,
    private readonly createSocket: SocketFactory = (u) => new WebSocket(u),
  ) {}

  get connection(): ConnectionState {
    return this.state;
  }

  connect(): void {
    this.stopped = false;
    this.open();
  }

  close(): void {
    this.stopped = true;
    if (this.retry !== undefined) clearTimeout(this.retry);
    this.socket?.close();
  }

  /** Sends when connected; otherwise reports false so the caller can show that the bridge is down. */
  send(message: TvMessage): boolean {
    if (this.state !== 'open' || !this.socket) return false;
    this.socket.send(JSON.stringify(message));
    return true;
  }

  private open(): void {
    const socket = this.createSocket(this.url);
    this.socket = socket;
    socket.onopen = () => {
      this.attempt = 0;
      this.setState('open');
    };
    socket.onmessage = (event: MessageEvent) => this.receive(event.data);
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      this.setState('down');
      if (!this.stopped) this.retry = setTimeout(() => this.open(), backoffDelay(this.attempt++));
    };
  }

  private receive(data: unknown): void {
    let message: unknown;
    try {
      message = JSON.parse(String(data));
    } catch {
      message = undefined;
    }
    // A message we cannot read is dropped, never half-used; what it held is not logged (it is the bridge's).
    if (isBridgeMessage(message)) this.events.message(message);
    else console.warn('bridge: unreadable message');
  }

  private setState(state: ConnectionState): void {
    if (state === this.state) return;
    this.state = state;
    this.events.connection(state);
  }
}
