import {
  parseTvMessage,
  SIGN_DOCUMENT_MAX_BYTES,
  type BridgeMessage,
  type TvMessage,
} from '@madoguchi/protocol';
import type { Logger } from 'pino';
import { CardService } from '../domain/card-service';
import type { CardReader } from '../protocol/card-reader';
import type { Clock } from '../protocol/clock';
import type { ServerClient } from '../protocol/server-api';
import { startWsServer } from '../transport/ws-server';
import { TvGateway } from './tv-gateway';

export interface BridgeOptions {
  host: string;
  port: number;
  allowedOrigins: readonly string[];
  rateLimit?: { messages: number; windowMs: number };
  /** How long a PIN request waits for the viewer before the operation ends with CANCELLED (default 5 minutes). */
  pinEntryTimeoutMs?: number;
}

export interface BridgeDeps {
  reader: CardReader;
  server: ServerClient;
  clock: Clock;
  log: Logger;
}

export interface RunningBridge {
  readonly port: number;
  readonly service: CardService;
  stop(): Promise<void>;
}

/** The largest legal frame: a sign.start with the largest document (base64url) plus its envelope. */
export const MAX_FRAME_BYTES = Math.ceil((SIGN_DOCUMENT_MAX_BYTES * 4) / 3) + 1024;
const DEFAULT_RATE_LIMIT = { messages: 30, windowMs: 1000 };
const DEFAULT_PIN_ENTRY_TIMEOUT_MS = 300_000;

/** Wires the card service to the TV WebSocket. The caller owns the reader and closes it after stop(). */
export async function startBridge(options: BridgeOptions, deps: BridgeDeps): Promise<RunningBridge> {
  const service = new CardService(deps);
  const gateway = new TvGateway(service, deps.log, {
    pinEntryTimeoutMs: options.pinEntryTimeoutMs ?? DEFAULT_PIN_ENTRY_TIMEOUT_MS,
  });
  let ws;
  try {
    ws = await startWsServer<TvMessage, BridgeMessage>(
      {
        host: options.host,
        port: options.port,
        allowedOrigins: options.allowedOrigins,
        maxPayloadBytes: MAX_FRAME_BYTES,
        rateLimit: options.rateLimit ?? DEFAULT_RATE_LIMIT,
        parse: parseTvMessage,
      },
      gateway,
    );
  } catch (error) {
    gateway.stop();
    service.stop();
    throw error;
  }
  const server = ws;
  deps.log.info({ host: options.host, port: server.port }, 'TV WebSocket listening');
  return {
    port: server.port,
    service,
    stop: async () => {
      gateway.stop();
      service.stop();
      await server.close();
    },
  };
}
