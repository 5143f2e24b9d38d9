import type { BridgeMessage } from '@madoguchi/protocol';
import WebSocket from 'ws';

export const TV_ORIGIN = 'http://127.0.0.1:8080';

export interface TvClient {
  readonly ws: WebSocket;
  /** Every frame received, parsed. */
  readonly received: BridgeMessage[];
  send(message: unknown): void;
  /** Resolves with the first not-yet-taken message (past or future) of that type matching the filter. */
  next<T extends BridgeMessage['type']>(
    type: T,
    filter?: (m: Extract<BridgeMessage, { type: T }>) => boolean,
  ): Promise<Extract<BridgeMessage, { type: T }>>;
  /** The message that ends an operation: its result or its error. */
  outcome(operationId: string): Promise<BridgeMessage>;
  closed: Promise<number>;
  close(): void;
}

const INTERIM = new Set(['progress', 'pin.needed', 'card.state']);

/** A TV tab: connects with an allowed Origin and records every frame the bridge sends. */
export function connectTv(port: number, origin = TV_ORIGIN): Promise<TvClient> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}`, { origin });
  const received: BridgeMessage[] = [];
  const waiters: Array<() => void> = [];
  const consumed = new Set<BridgeMessage>();
  ws.on('message', (data) => {
    received.push(JSON.parse(data.toString()) as BridgeMessage);
    for (const w of waiters.splice(0)) w();
  });
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  const client: TvClient = {
    ws,
    received,
    closed,
    send: (message) => ws.send(typeof message === 'string' ? message : JSON.stringify(message)),
    outcome: (operationId) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(new Error(`no outcome for ${operationId} within 10 s; got ${JSON.stringify(received)}`)),
          10_000,
        ).unref();
        const look = () => {
          const hit = received.find(
            (m) => !INTERIM.has(m.type) && 'operationId' in m && m.operationId === operationId,
          );
          if (!hit) return void waiters.push(look);
          clearTimeout(timer);
          resolve(hit);
        };
        look();
      }),
    next: (type, filter = () => true) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no ${type} within 5 s; got ${JSON.stringify(received)}`)),
          5000,
        ).unref();
        const look = () => {
          const hit = received.find(
            (m) =>
              !consumed.has(m) &&
              m.type === type &&
              filter(m as Extract<BridgeMessage, { type: typeof type }>),
          );
          if (!hit) return void waiters.push(look);
          consumed.add(hit);
          clearTimeout(timer);
          resolve(hit as Extract<BridgeMessage, { type: typeof type }>);
        };
        look();
      }),
    close: () => ws.close(),
  };
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(client));
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
}
