import { sha256DigestInfo } from '@madoguchi/protocol';
import { JpkiCard } from '../../src/domain/jpki-card';
import { PinSecret } from '../../src/domain/pin-secret';
import type { SupervisedPcscReader } from '../../src/transport/supervised-pcsc-reader';
import { DEMO, newCard } from '../helpers/cards';
import { testPcscReader, watchReader } from '../helpers/pcsc-reader';
import { describePcsc, startCardStack, type CardStack } from '../helpers/pcsc-stack';

/**
 * The service's reader (SupervisedPcscReader: pcsclite in a supervised child process) through real pcscd + vpcd.
 * The driver runs here over its channels; nothing pcsclite does can block this process.
 */
describePcsc('PC/SC reader through real pcscd + vpcd', () => {
  let stack: CardStack | undefined;
  let reader: SupervisedPcscReader | undefined;
  afterEach(async () => {
    await reader?.close();
    await stack?.stop();
    reader = undefined;
    stack = undefined;
  }, 30_000);

  async function setup(profile: string, options: Parameters<typeof testPcscReader>[1] = {}) {
    const card = await newCard(profile);
    stack = await startCardStack(card);
    reader = testPcscReader(stack.readerName, options);
    const seen = watchReader(reader);
    await seen.waitFor('present');
    return { card, stack, reader, seen };
  }

  it('sees the card, signs, and reports removal and re-insertion as events', async () => {
    const { stack, reader, seen } = await setup('valid');
    const driver = new JpkiCard(await reader.connect());
    await driver.verifyPin('auth', PinSecret.fromText(DEMO.auth));
    expect(await driver.sign('auth', sha256DigestInfo(Buffer.from('x')))).toHaveLength(256);
    await stack.vpcd.remove();
    await seen.waitFor('absent');
    await expect(driver.pinStatus('auth')).rejects.toMatchObject({ code: 'CARD_REMOVED' });
    await expect(reader.connect()).rejects.toMatchObject({ code: 'CARD_ABSENT' });
    await stack.vpcd.insert();
    await seen.waitFor('present');
    expect(await new JpkiCard(await reader.connect()).pinStatus('auth')).toBe(3);
  }, 30_000);

  it('says CARD_REMOVED when the card is pulled mid-signature, and no PIN try is lost', async () => {
    const { stack, reader, seen, card } = await setup('pulled-mid-signature');
    const driver = new JpkiCard(await reader.connect());
    expect(await driver.pinStatus('auth')).toBe(3);
    await driver.verifyPin('auth', PinSecret.fromText(DEMO.auth));
    await expect(driver.sign('auth', sha256DigestInfo(Buffer.from('x')))).rejects.toMatchObject({
      code: 'CARD_REMOVED',
    });
    await seen.waitFor('absent');
    await stack.vpcd.insert();
    await seen.waitFor('present');
    expect(await new JpkiCard(await reader.connect()).pinStatus('auth')).toBe(3);
    expect(card.myNumberSelects).toBe(0);
  }, 30_000);

  it('says READER_MISSING when pcscd goes away, and recovers when it is back', async () => {
    const { stack, reader, seen } = await setup('valid');
    const driver = new JpkiCard(await reader.connect());
    expect(await driver.pinStatus('auth')).toBe(3);
    await stack.stopPcscd();
    await seen.waitFor('no-reader');
    await expect(driver.pinStatus('auth')).rejects.toMatchObject({ code: 'READER_MISSING' });
    await expect(reader.connect()).rejects.toMatchObject({ code: 'READER_MISSING' });
    await stack.restartPcscd();
    await seen.waitFor('present');
    const again = new JpkiCard(await reader.connect());
    expect(await again.pinStatus('auth')).toBe(3);
  }, 45_000);

  it('kills a PC/SC child that stops answering and starts a new one: READER_MISSING, then the card again', async () => {
    const restarts: string[] = [];
    const { reader, seen } = await setup('valid', { stallMs: 300, onRestart: (why) => restarts.push(why) });
    const driver = new JpkiCard(await reader.connect());
    expect(await driver.pinStatus('auth')).toBe(3);
    const frozen = reader.pid!;
    process.kill(frozen, 'SIGSTOP'); // what a pcsclite call blocking the child's main thread looks like from here
    await expect(driver.pinStatus('auth')).rejects.toMatchObject({ code: 'READER_MISSING' });
    expect(seen.state).toBe('no-reader');
    expect(restarts).toEqual([expect.stringContaining('stopped answering')]);
    await seen.waitFor('present');
    expect(reader.pid).not.toBe(frozen);
    expect(await new JpkiCard(await reader.connect()).pinStatus('auth')).toBe(3);
  }, 30_000);
});
