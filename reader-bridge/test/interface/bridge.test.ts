import { DEMO_FACTS } from '@madoguchi/jpki-card';
import type { RunningBridge } from '../../src/interface/bridge';
import { DEMO, newCard } from '../helpers/cards';
import { testBridge } from '../helpers/bridge';
import { connectTv, type TvClient } from '../helpers/tv-client';

let bridge: RunningBridge;
const clients: TvClient[] = [];
const tv = async () => {
  const c = await connectTv(bridge.port);
  clients.push(c);
  return c;
};
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await bridge.stop();
});

describe('bridge over the TV WebSocket', () => {
  it('tells every tab the card state on connect and on every change', async () => {
    const t = await testBridge(await newCard('valid'));
    bridge = t.bridge;
    const a = await tv();
    await a.next('card.state', (m) => m.state === 'present');
    const b = await tv();
    await b.next('card.state', (m) => m.state === 'present');
    t.reader.remove();
    await a.next('card.state', (m) => m.state === 'absent');
    await b.next('card.state', (m) => m.state === 'absent');
    t.reader.detach();
    await b.next('card.state', (m) => m.state === 'reader-missing');
    t.reader.attach();
    t.reader.insert(await newCard('valid', { atr: '3B 88 80 01 00 00 05 E0 B3 81 A1 00 7F' }));
    await a.next('card.state', (m) => m.state === 'present');
  });

  it('runs a login: progress, pin.needed, pin.submit, login.done', async () => {
    const t = await testBridge(await newCard('valid'));
    bridge = t.bridge;
    const a = await tv();
    a.send({ type: 'login.start', operationId: 'op1', serviceId: 'gyosei' });
    const needed = await a.next('pin.needed');
    expect(needed).toEqual({
      type: 'pin.needed',
      operationId: 'op1',
      pinKind: 'auth',
      triesLeft: 3,
      lastTry: false,
      minLength: 4,
      maxLength: 4,
    });
    a.send({ type: 'pin.submit', operationId: 'op1', pin: DEMO.auth });
    const done = await a.next('login.done');
    expect(done.tokens.tokenType).toBe('Bearer');
    const steps = a.received.filter((m) => m.type === 'progress').map((m) => m.type === 'progress' && m.step);
    expect(steps).toEqual(['challenge', 'reading', 'pin-check', 'signing', 'sending', 'done']);
  });

  it('reports a wrong PIN with its tries left, and reads status and facts', async () => {
    const t = await testBridge(await newCard('valid'));
    bridge = t.bridge;
    const a = await tv();
    a.send({ type: 'facts.read', operationId: 'f' });
    await a.next('pin.needed');
    a.send({ type: 'pin.submit', operationId: 'f', pin: '0000' });
    expect(await a.next('pin.needed')).toMatchObject({ retryReason: 'PIN_WRONG', triesLeft: 2 });
    a.send({ type: 'pin.submit', operationId: 'f', pin: DEMO.cardInfo });
    expect((await a.next('facts.result')).facts).toEqual(DEMO_FACTS);
    a.send({ type: 'card.status', operationId: 's' });
    expect(await a.next('card.status.result')).toMatchObject({
      triesLeft: { auth: 3, sign: 5, cardInfo: 3 },
    });
  });

  it('ends an operation with CANCELLED on pin.cancel, and PIN_BLOCKED without asking', async () => {
    const t = await testBridge(await newCard('auth-pin-blocked'));
    bridge = t.bridge;
    const a = await tv();
    a.send({ type: 'login.start', operationId: 'x', serviceId: 'gyosei' });
    expect(await a.next('error')).toMatchObject({ operationId: 'x', code: 'PIN_BLOCKED', triesLeft: 0 });
    a.send({ type: 'facts.read', operationId: 'y' });
    await a.next('pin.needed');
    a.send({ type: 'pin.cancel', operationId: 'y' });
    expect(await a.next('error')).toMatchObject({ operationId: 'y', code: 'CANCELLED' });
  });

  it('gives an operation to its own tab: another tab gets BUSY and cannot answer its PIN', async () => {
    const t = await testBridge(await newCard('valid'));
    bridge = t.bridge;
    const a = await tv();
    const b = await tv();
    a.send({ type: 'login.start', operationId: 'mine', serviceId: 'gyosei' });
    await a.next('pin.needed');
    b.send({ type: 'pin.submit', operationId: 'mine', pin: DEMO.auth });
    expect(await b.next('error')).toMatchObject({ code: 'BAD_MESSAGE' });
    b.send({ type: 'card.status', operationId: 'other' });
    expect(await b.next('error')).toMatchObject({ operationId: 'other', code: 'BUSY' });
    a.send({ type: 'pin.submit', operationId: 'mine', pin: DEMO.auth });
    await a.next('login.done');
  });

  it('cancels the operation of a tab that disconnects, so the next tab can use the card', async () => {
    const t = await testBridge(await newCard('valid'));
    bridge = t.bridge;
    const a = await tv();
    a.send({ type: 'login.start', operationId: 'gone', serviceId: 'gyosei' });
    await a.next('pin.needed');
    a.close();
    await a.closed;
    // The bridge sees the close a moment after the client: wait until the card is free again (BUSY until then).
    const b = await tv();
    for (let i = 0; ; i++) {
      b.send({ type: 'card.status', operationId: `s${i}` });
      const reply = await b.outcome(`s${i}`);
      if (reply.type === 'card.status.result') break;
      expect(reply).toMatchObject({ code: 'BUSY' });
    }
    expect(b.received.find((m) => m.type === 'card.status.result')).toMatchObject({ triesLeft: { auth: 3 } });
  });

  it('says SERVER_UNREACHABLE before asking a PIN when the server is down', async () => {
    const t = await testBridge(await newCard('valid'));
    bridge = t.bridge;
    t.authority.down = true;
    const a = await tv();
    a.send({ type: 'login.start', operationId: 'down', serviceId: 'gyosei' });
    expect(await a.next('error')).toMatchObject({ code: 'SERVER_UNREACHABLE' });
    expect(a.received.some((m) => m.type === 'pin.needed')).toBe(false);
  });

  it('refuses a duplicate operation id and a malformed message', async () => {
    const t = await testBridge(await newCard('valid'));
    bridge = t.bridge;
    const a = await tv();
    a.send({ type: 'login.start', operationId: 'dup', serviceId: 'gyosei' });
    await a.next('pin.needed');
    a.send({ type: 'login.start', operationId: 'dup', serviceId: 'gyosei' });
    a.send({ type: 'login.start', operationId: 'bad id!', serviceId: 'gyosei' });
    a.send({ type: 'what' });
    const errors = [await a.next('error'), await a.next('error'), await a.next('error')];
    expect(errors.map((e) => e.code)).toEqual(['BAD_MESSAGE', 'BAD_MESSAGE', 'BAD_MESSAGE']);
  });
});
