/**
 * The TV flows against the real auth-server, in process (its test fixture) and listening on loopback: the bridge's
 * HttpServerClient signs as an enrolled device, the card is a virtual card issued by the same test PKI.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { VirtualCard } from '@madoguchi/jpki-card';
import type { BridgeMessage } from '@madoguchi/protocol';
import {
  buildPki,
  enrol,
  startServer,
  type TestPki,
  type TestServer,
} from '../../../auth-server/test/helpers/fixture';
import { SAMPLE_SERVICES } from '../../../auth-server/test/helpers/links';
import { startBridge, type RunningBridge } from '../../src/interface/bridge';
import { createLogger } from '../../src/interface/logger';
import type { ServerClient } from '../../src/protocol/server-api';
import { loadOrCreateDeviceKey } from '../../src/transport/device-key';
import { HttpServerClient } from '../../src/transport/server-client';
import { DEMO } from '../helpers/cards';
import { InProcessReader } from '../helpers/in-process-reader';
import { connectTv, type TvClient } from '../helpers/tv-client';

/** The claims of a JWT (no verification: the auth-server's own tests verify its tokens). */
const decodeJwt = (jwt: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;

/** A service registered with `sign` assurance: its logins need the sign key (sign PIN). */
const SIGN_SERVICE = {
  id: 'zeimu',
  name: '美波町税務課',
  assurance: 'sign',
  facts: { allowed: ['name', 'address'], sources: ['sign-cert'] },
} as const;

let pki: TestPki;
let server: TestServer;
let dir: string;
let bridge: RunningBridge;
let reader: InProcessReader;
let card: VirtualCard;
/** Every call the bridge made to the auth-server, by method name. */
const calls: string[] = [];
const logs: string[] = [];

beforeAll(async () => {
  pki = await buildPki();
}, 120_000);
afterAll(() => pki.cleanup());

beforeEach(async () => {
  calls.length = 0;
  logs.length = 0;
  server = await startServer(pki, { services: [...SAMPLE_SERVICES, SIGN_SERVICE] });
  await server.app.listen({ host: '127.0.0.1', port: 0 });
  dir = await mkdtemp(path.join(os.tmpdir(), 'madoguchi-real-server-'));
  const identity = await loadOrCreateDeviceKey(dir);
  await enrol(server, identity);
  const http = new HttpServerClient({
    baseUrl: `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`,
    identity,
    timeoutMs: 5000,
    clock: server.clock,
  });
  const recording = new Proxy(http, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls.push(String(name));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  }) as ServerClient;
  card = new VirtualCard(pki.profile('valid'));
  reader = new InProcessReader(card);
  const log = createLogger(
    { level: 'debug' },
    new Writable({
      write(chunk: Buffer, _enc, done) {
        logs.push(chunk.toString());
        done();
      },
    }),
  );
  bridge = await startBridge(
    { host: '127.0.0.1', port: 0, allowedOrigins: ['http://127.0.0.1:8080'] },
    { reader, server: recording, clock: server.clock, log },
  );
});

afterEach(async () => {
  await bridge.stop();
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

/** Runs one operation, answering each PIN request by kind; returns the outcome and the PIN kinds asked. */
async function operate(
  tv: TvClient,
  message: Record<string, unknown>,
  pins: Partial<Record<string, string>> = {},
) {
  const operationId = String(message.operationId);
  const asked: string[] = [];
  tv.send(message);
  for (;;) {
    const next = await Promise.race([
      tv.next('pin.needed', (m) => m.operationId === operationId).then((m) => m as BridgeMessage),
      tv.outcome(operationId),
    ]);
    if (next.type !== 'pin.needed') return { outcome: next, asked };
    asked.push(next.pinKind);
    const pin = pins[next.pinKind];
    if (pin === undefined) tv.send({ type: 'pin.cancel', operationId });
    else tv.send({ type: 'pin.submit', operationId, pin });
  }
}

const PINS = { auth: DEMO.auth, cardInfo: DEMO.cardInfo, sign: DEMO.sign };

describe('TV flows against the real auth-server', () => {
  it('refuses a plain login to an unlinked service with LINK_REQUIRED before any PIN, then links with card-info facts', async () => {
    const tv = await connectTv(bridge.port);
    const refused = await operate(tv, { type: 'login.start', operationId: 'l1', serviceId: 'byoin' }, PINS);
    expect(refused.outcome).toMatchObject({ type: 'error', code: 'LINK_REQUIRED' });
    expect(refused.asked).toEqual([]); // the certificate went with the challenge request: no PIN wasted on a refusal

    const linked = await operate(
      tv,
      {
        type: 'login.start',
        operationId: 'k1',
        serviceId: 'byoin',
        purpose: 'link',
        consent: { facts: ['name', 'dateOfBirth'], source: 'card-info' },
      },
      PINS,
    );
    expect(linked.asked).toEqual(['cardInfo', 'auth']);
    expect(linked.outcome.type).toBe('login.done');
    const claims = decodeJwt(linked.outcome.type === 'login.done' ? linked.outcome.tokens.idToken : '');
    expect(claims).toMatchObject({
      name: pki.profile('valid').cardInfo.basicFour.name,
      facts_source: 'card-info',
    });
    expect(claims.birthdate).toBeDefined();
    expect(claims.address).toBeUndefined();
    expect(card.myNumberSelects).toBe(0);
    // The facts went to the auth-server only: never to the TV, never to the log.
    const name = pki.profile('valid').cardInfo.basicFour.name;
    const frames = tv.received.filter((m) => m.type !== 'login.done').map((m) => JSON.stringify(m));
    expect(frames.filter((f) => f.includes(name))).toEqual([]);
    expect(logs.filter((l) => l.includes(name))).toEqual([]);

    const again = await operate(tv, { type: 'login.start', operationId: 'l2', serviceId: 'byoin' }, PINS);
    expect(again.outcome).toMatchObject({ type: 'login.done' });
    expect(again.asked).toEqual(['auth']); // byoin asks a PIN every time
    tv.close();
  }, 30_000);

  it('links with the signature certificate as the facts source (sign PIN, then auth PIN)', async () => {
    const tv = await connectTv(bridge.port);
    const linked = await operate(
      tv,
      {
        type: 'login.start',
        operationId: 's1',
        serviceId: 'gyosei',
        purpose: 'link',
        consent: { facts: ['name', 'address'], source: 'sign-cert' },
      },
      PINS,
    );
    expect(linked.asked).toEqual(['sign', 'auth']);
    expect(linked.outcome.type).toBe('login.done');
    const claims = decodeJwt(linked.outcome.type === 'login.done' ? linked.outcome.tokens.idToken : '');
    expect(claims).toMatchObject({ facts_source: 'sign-cert' });
    expect(claims.address).toBeDefined();
    tv.close();
  }, 30_000);

  it('logs in to a sign-assurance service with the sign key alone: sign PIN, acr sign', async () => {
    const tv = await connectTv(bridge.port);
    const linked = await operate(
      tv,
      {
        type: 'login.start',
        operationId: 'z1',
        serviceId: 'zeimu',
        purpose: 'link',
        consent: { facts: ['name'], source: 'sign-cert' },
      },
      PINS,
    );
    expect(linked).toMatchObject({
      outcome: { type: 'login.done', tokens: { acr: 'sign' } },
      asked: ['sign'],
    });
    const claims = decodeJwt(linked.outcome.type === 'login.done' ? linked.outcome.tokens.idToken : '');
    expect(claims).toMatchObject({ acr: 'sign', facts_source: 'sign-cert' });
    expect(claims.name).toBeDefined();

    const again = await operate(tv, { type: 'login.start', operationId: 'z2', serviceId: 'zeimu' }, PINS);
    expect(again).toMatchObject({
      outcome: { type: 'login.done', tokens: { acr: 'sign' } },
      asked: ['sign'],
    });
    // An auth-assurance service on the same card still takes the auth key.
    const auth = await operate(
      tv,
      { type: 'login.start', operationId: 'z3', serviceId: 'bosai', purpose: 'link', consent: { facts: [] } },
      PINS,
    );
    expect(auth).toMatchObject({ outcome: { type: 'login.done', tokens: { acr: 'auth' } }, asked: ['auth'] });
    tv.close();
  }, 30_000);

  it('sends nothing to /v1/links when the viewer cancels at a PIN, and refuses consent without a source', async () => {
    const tv = await connectTv(bridge.port);
    const cancelled = await operate(
      tv,
      {
        type: 'login.start',
        operationId: 'c1',
        serviceId: 'byoin',
        purpose: 'link',
        consent: { facts: ['name'], source: 'card-info' },
      },
      {},
    );
    expect(cancelled.outcome).toMatchObject({ type: 'error', code: 'CANCELLED' });
    expect(cancelled.asked).toEqual(['cardInfo']);
    expect(calls).toEqual(['createChallenge', 'serviceInfo']);

    const noSource = await operate(
      tv,
      {
        type: 'login.start',
        operationId: 'c2',
        serviceId: 'byoin',
        purpose: 'link',
        consent: { facts: ['name'] },
      },
      PINS,
    );
    expect(noSource.outcome).toMatchObject({ type: 'error', code: 'BAD_MESSAGE' });
    const noConsent = await operate(
      tv,
      { type: 'login.start', operationId: 'c3', serviceId: 'byoin', purpose: 'link' },
      PINS,
    );
    expect(noConsent.outcome).toMatchObject({ type: 'error', code: 'BAD_MESSAGE' });
    expect(calls).toEqual(['createChallenge', 'serviceInfo']);
    tv.close();
  }, 30_000);

  it('reuses a recent PIN login without a PIN where the service allows it, only for the same insertion', async () => {
    const tv = await connectTv(bridge.port);
    const linked = await operate(
      tv,
      { type: 'login.start', operationId: 'b1', serviceId: 'bosai', purpose: 'link', consent: { facts: [] } },
      PINS,
    );
    expect(linked).toMatchObject({ outcome: { type: 'login.done' }, asked: ['auth'] });
    const reused = await operate(tv, { type: 'login.start', operationId: 'b2', serviceId: 'bosai' }, {});
    expect(reused).toMatchObject({ outcome: { type: 'login.done', reused: true }, asked: [] });

    const fresh = await operate(
      tv,
      { type: 'login.start', operationId: 'b3', serviceId: 'bosai', freshLogin: true },
      PINS,
    );
    expect(fresh).toMatchObject({ outcome: { type: 'login.done' }, asked: ['auth'] });

    // The card leaves and comes back: nothing is reused.
    reader.remove();
    reader.insert(card);
    await tv.next('card.state', (m) => m.state === 'present');
    const afterReinsert = await operate(
      tv,
      { type: 'login.start', operationId: 'b4', serviceId: 'bosai' },
      PINS,
    );
    expect(afterReinsert).toMatchObject({ outcome: { type: 'login.done' }, asked: ['auth'] });
    tv.close();
  }, 30_000);

  it("lists the holder's links after one PIN and removes one without another", async () => {
    const tv = await connectTv(bridge.port);
    for (const [id, serviceId] of [
      ['a', 'bosai'],
      ['b', 'kotsu'],
    ] as const) {
      const r = await operate(
        tv,
        { type: 'login.start', operationId: id, serviceId, purpose: 'link', consent: { facts: [] } },
        PINS,
      );
      expect(r.outcome.type).toBe('login.done');
    }
    const listed = await operate(tv, { type: 'links.list', operationId: 'list' }, PINS);
    expect(listed.asked).toEqual(['auth']);
    expect(listed.outcome.type).toBe('links.result');
    const links = listed.outcome.type === 'links.result' ? listed.outcome.links : [];
    expect(links.map((l) => l.serviceId).sort()).toEqual(['bosai', 'kotsu']);
    expect(links.find((l) => l.serviceId === 'kotsu')).toMatchObject({
      name: '美波バス',
      status: 'active',
      factsShared: [],
      factsSource: null,
    });

    const removed = await operate(tv, { type: 'links.remove', operationId: 'rm', serviceId: 'kotsu' }, {});
    expect(removed.asked).toEqual([]);
    expect(removed.outcome).toMatchObject({ type: 'links.result', links: [{ serviceId: 'bosai' }] });
    const gone = await operate(tv, { type: 'links.remove', operationId: 'rm2', serviceId: 'kotsu' }, {});
    expect(gone.outcome).toMatchObject({ type: 'error', code: 'NOT_FOUND' });
    tv.close();
  }, 30_000);
});
