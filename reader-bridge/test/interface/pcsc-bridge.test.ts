import type { RunningBridge } from '../../src/interface/bridge';
import type { SupervisedPcscReader } from '../../src/transport/supervised-pcsc-reader';
import { testBridge } from '../helpers/bridge';
import { DEMO, newCard } from '../helpers/cards';
import { testPcscReader, watchReader } from '../helpers/pcsc-reader';
import { describePcsc, startCardStack, type CardStack } from '../helpers/pcsc-stack';
import { connectTv, type TvClient } from '../helpers/tv-client';

/**
 * The bridge as on a box (SupervisedPcscReader, pcsclite in its child process) through real pcscd + vpcd, driven
 * over the TV WebSocket: trouble in the middle of a login ends it with a clear code, the card comes back by itself,
 * and the PIN tries left are what they were before.
 */
describePcsc('bridge logins through real pcscd + vpcd', () => {
  let stack: CardStack | undefined;
  let reader: SupervisedPcscReader | undefined;
  let bridge: RunningBridge | undefined;
  let tv: TvClient | undefined;
  afterEach(async () => {
    tv?.close();
    await bridge?.stop();
    await reader?.close();
    await stack?.stop();
    tv = bridge = reader = stack = undefined;
  }, 30_000);

  async function setup(profile: string) {
    const card = await newCard(profile, { realTime: true });
    stack = await startCardStack(card);
    reader = testPcscReader(stack.readerName);
    const seen = watchReader(reader);
    bridge = (await testBridge(undefined, { reader })).bridge;
    tv = await connectTv(bridge.port);
    await seen.waitFor('present');
    await tv.next('card.state', (m) => m.state === 'present');
    return { card, stack, tv, seen };
  }

  let ops = 0;
  async function authTriesLeft(client: TvClient): Promise<number> {
    const operationId = `status-${++ops}`;
    client.send({ type: 'card.status', operationId });
    const result = await client.outcome(operationId);
    if (result.type !== 'card.status.result') throw new Error(`card.status: ${JSON.stringify(result)}`);
    return result.triesLeft.auth;
  }

  it('pcscd restarted mid-signature: READER_MISSING, the card is back after, no PIN try lost', async () => {
    const { stack, tv, seen } = await setup('slow'); // 450 ms per signature: pcscd goes while the card signs
    const before = await authTriesLeft(tv);
    tv.send({ type: 'login.start', operationId: 'l1', serviceId: 'gyosei', freshLogin: true });
    await tv.next('pin.needed');
    tv.send({ type: 'pin.submit', operationId: 'l1', pin: DEMO.auth });
    await tv.next('progress', (m) => m.step === 'signing');
    await stack.restartPcscd();
    expect(await tv.outcome('l1')).toMatchObject({ type: 'error', code: 'READER_MISSING' });
    await seen.waitFor('no-reader');
    await seen.waitFor('present');
    await tv.next('card.state', (m) => m.state === 'present');
    expect(await authTriesLeft(tv)).toBe(before);
  }, 30_000);

  it('a PIN submitted after pcscd went away is never sent: READER_MISSING, then the tries left are unchanged', async () => {
    const { stack, tv, seen } = await setup('valid');
    const before = await authTriesLeft(tv);
    tv.send({ type: 'login.start', operationId: 'l2', serviceId: 'gyosei', freshLogin: true });
    await tv.next('pin.needed');
    await stack.stopPcscd();
    await seen.waitFor('no-reader');
    tv.send({ type: 'pin.submit', operationId: 'l2', pin: '9999' }); // wrong: sent, it would cost a try
    expect(await tv.outcome('l2')).toMatchObject({ type: 'error', code: 'READER_MISSING' });
    await stack.restartPcscd();
    await seen.waitFor('present');
    await tv.next('card.state', (m) => m.state === 'present');
    expect(await authTriesLeft(tv)).toBe(before);
  }, 30_000);

  it('card pulled mid-signature: CARD_REMOVED, the next insert starts clean, no PIN try lost', async () => {
    const { stack, tv, card, seen } = await setup('pulled-mid-signature');
    const before = await authTriesLeft(tv);
    tv.send({ type: 'login.start', operationId: 'l3', serviceId: 'gyosei', freshLogin: true });
    await tv.next('pin.needed');
    tv.send({ type: 'pin.submit', operationId: 'l3', pin: DEMO.auth });
    expect(await tv.outcome('l3')).toMatchObject({ type: 'error', code: 'CARD_REMOVED' });
    await seen.waitFor('absent');
    await stack.vpcd.insert();
    await seen.waitFor('present');
    await tv.next('card.state', (m) => m.state === 'present');
    expect(await authTriesLeft(tv)).toBe(before);
    expect(card.myNumberSelects).toBe(0);
  }, 30_000);
});
