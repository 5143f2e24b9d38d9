import http from 'node:http';
import { MadoguchiError } from '@madoguchi/protocol';
import WebSocket from 'ws';
import { startWsServer, type WsServer } from '../../src/transport/ws-server';
import { connectTv, TV_ORIGIN } from '../helpers/tv-client';

interface Echo {
  type: 'echo';
  text: string;
}

const parse = (value: unknown): Echo => {
  const v = value as Echo;
  if (typeof v !== 'object' || v === null || v.type !== 'echo' || typeof v.text !== 'string') {
    throw new MadoguchiError('BAD_MESSAGE', 'not an echo');
  }
  return v;
};

let server: WsServer;
const refused: string[] = [];

beforeEach(async () => {
  refused.length = 0;
  server = await startWsServer<Echo, unknown>(
    {
      host: '127.0.0.1',
      port: 0,
      allowedOrigins: [TV_ORIGIN],
      maxPayloadBytes: 1024,
      rateLimit: { messages: 20, windowMs: 60_000 },
      parse,
    },
    {
      connected: () => undefined,
      closed: () => undefined,
      message: (connection, message) =>
        connection.send({ type: 'progress', operationId: 'x', step: message.text }),
      refused: (_c, reason) => refused.push(reason),
    },
  );
});
afterEach(() => server.close());

/** The HTTP status of an upgrade attempt with these headers. */
function upgradeStatus(headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}`, { headers });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('error', (e) => (/403/.test(String(e)) ? resolve(403) : reject(e)));
  });
}

describe('TV WebSocket server', () => {
  it.each(['0.0.0.0', '192.168.1.10', '::', 'localhost'])('refuses to listen on %s', async (host) => {
    await expect(
      startWsServer(
        {
          host,
          port: 0,
          allowedOrigins: [],
          maxPayloadBytes: 10,
          rateLimit: { messages: 1, windowMs: 1 },
          parse,
        },
        { connected() {}, closed() {}, message() {} },
      ),
    ).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
  });

  it('accepts an allowed Origin and refuses others or none with HTTP 403', async () => {
    expect(await upgradeStatus({ Origin: TV_ORIGIN })).toBe(101);
    expect(await upgradeStatus({ Origin: 'http://evil.example' })).toBe(403);
    expect(await upgradeStatus({ Origin: 'http://127.0.0.1:8081' })).toBe(403);
    expect(await upgradeStatus({})).toBe(403);
  });

  it('answers plain HTTP with 426', async () => {
    const status = await new Promise<number>((resolve) =>
      http.get(`http://127.0.0.1:${server.port}/`, (res) => resolve(res.statusCode ?? 0)),
    );
    expect(status).toBe(426);
  });

  it('answers bad frames with BAD_MESSAGE and keeps serving the connection', async () => {
    const tv = await connectTv(server.port);
    tv.send('not json {');
    tv.send({ type: 'echo' });
    tv.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    tv.send({ type: 'echo', text: 'still here' });
    await tv.next('progress');
    const errors = tv.received.filter((m) => m.type === 'error');
    expect(errors.map((e) => e.type === 'error' && e.code)).toEqual([
      'BAD_MESSAGE',
      'BAD_MESSAGE',
      'BAD_MESSAGE',
    ]);
    expect(refused).toHaveLength(3);
    tv.close();
  });

  it('closes a connection that sends a frame over the limit (1009), and others are unaffected', async () => {
    const big = await connectTv(server.port);
    const other = await connectTv(server.port);
    big.send({ type: 'echo', text: 'x'.repeat(2000) });
    expect(await big.closed).toBe(1009);
    other.send({ type: 'echo', text: 'fine' });
    await expect(other.next('progress')).resolves.toMatchObject({ step: 'fine' });
    other.close();
  });

  it('closes a flooding connection (1008), and others are unaffected', async () => {
    const flood = await connectTv(server.port);
    const other = await connectTv(server.port);
    for (let i = 0; i < 50; i++) flood.send({ type: 'echo', text: String(i) });
    expect(await flood.closed).toBe(1008);
    expect(flood.received.length).toBeLessThanOrEqual(20);
    other.send({ type: 'echo', text: 'fine' });
    await expect(other.next('progress')).resolves.toMatchObject({ step: 'fine' });
    other.close();
  });
});
