import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { isMadoguchiError, MadoguchiError, type ErrorMessage } from '@madoguchi/protocol';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { isLoopbackAddress } from './loopback';

export interface WsServerOptions<In> {
  /** Must be a loopback address; anything else is refused at start (CONFIG_INVALID). */
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** Exact Origin header values allowed to connect (e.g. http://127.0.0.1:8080); others get HTTP 403. */
  allowedOrigins: readonly string[];
  /** Frames larger than this close the connection (1009) before they are parsed. */
  maxPayloadBytes: number;
  /** At most `messages` per `windowMs` per connection; more closes it (1008). */
  rateLimit: { messages: number; windowMs: number };
  /** Validates a JSON value as an incoming message; throws MadoguchiError BAD_MESSAGE. */
  parse: (value: unknown) => In;
}

/** One TV connection as the interface layer sees it. */
export interface WsConnection<Out> {
  readonly id: number;
  send(message: Out): void;
}

export interface WsHandlers<In, Out> {
  connected(connection: WsConnection<Out>): void;
  message(connection: WsConnection<Out>, message: In): void;
  closed(connection: WsConnection<Out>): void;
  /** A frame was refused (not JSON, wrong shape, flood, too large): for the log. Never given the frame itself. */
  refused?(connection: WsConnection<Out>, reason: string): void;
}

export interface WsServer {
  readonly port: number;
  close(): Promise<void>;
}

const POLICY_VIOLATION = 1008;

/**
 * The TV's WebSocket, loopback only: the upgrade is refused (403) unless the Origin is on the allow-list and the peer
 * is on loopback; every frame is size-capped, rate-limited, JSON-parsed and validated before the handlers see it. A
 * bad frame gets an `error BAD_MESSAGE` reply; a flood closes that one connection. Nothing a client sends can throw
 * out of here, so other clients are never affected.
 */
export async function startWsServer<In, Out>(
  options: WsServerOptions<In>,
  handlers: WsHandlers<In, Out | ErrorMessage>,
): Promise<WsServer> {
  if (!isLoopbackAddress(options.host)) {
    throw new MadoguchiError(
      'CONFIG_INVALID',
      `the TV WebSocket must listen on loopback, not ${options.host}`,
    );
  }
  const allowed = new Set(options.allowedOrigins);
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxPayloadBytes });
  const server = http.createServer((_req, res) => {
    res.writeHead(426, { 'content-type': 'text/plain' }).end('WebSocket only\n');
  });
  server.on('upgrade', (req, socket: Socket, head) => {
    const origin = req.headers.origin;
    if (!isLoopbackAddress(socket.remoteAddress) || origin === undefined || !allowed.has(origin)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => accept(ws));
  });

  let nextId = 0;
  const accept = (ws: WebSocket) => {
    const connection: WsConnection<Out | ErrorMessage> = {
      id: ++nextId,
      send: (message) => {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
      },
    };
    const limiter = rateLimiter(options.rateLimit);
    const refuse = (reason: string) => {
      handlers.refused?.(connection, reason);
      connection.send({ type: 'error', code: 'BAD_MESSAGE', message: reason });
    };
    ws.on('message', (data: RawData, isBinary: boolean) => {
      const frame = Buffer.isBuffer(data)
        ? data
        : Buffer.concat(Array.isArray(data) ? data : [Buffer.from(data)]);
      try {
        if (!limiter()) {
          handlers.refused?.(connection, 'too many messages');
          ws.close(POLICY_VIOLATION, 'too many messages');
          return;
        }
        if (isBinary) return refuse('binary frames are not accepted');
        handlers.message(connection, options.parse(parseJson(frame)));
      } catch (error) {
        refuse(isMadoguchiError(error, 'BAD_MESSAGE') ? error.message : 'the message could not be handled');
      } finally {
        // The frame may hold a PIN: overwrite it as soon as it is parsed.
        frame.fill(0);
      }
    });
    ws.on('error', () => ws.terminate());
    ws.on('close', () => handlers.closed(connection));
    handlers.connected(connection);
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const ws of wss.clients) ws.terminate();
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function parseJson(frame: Buffer): unknown {
  try {
    return JSON.parse(frame.toString('utf8'));
  } catch {
    throw new MadoguchiError('BAD_MESSAGE', 'not JSON');
  }
}

/** A fixed-window counter: cheap, and enough to stop one tab from flooding the card service. */
function rateLimiter(limit: { messages: number; windowMs: number }): () => boolean {
  let windowStart = Date.now();
  let count = 0;
  return () => {
    const now = Date.now();
    if (now - windowStart >= limit.windowMs) {
      windowStart = now;
      count = 0;
    }
    count += 1;
    return count <= limit.messages;
  };
}
