import { sha256DigestInfo } from '@madoguchi/protocol';
import { JpkiCard } from '../../src/domain/jpki-card';
import { PinSecret } from '../../src/domain/pin-secret';
import { DEMO, newCard } from '../helpers/cards';
import { startPcscChild, type PcscChild } from '../helpers/pcsc-child';
import { describePcsc, startCardStack, type CardStack } from '../helpers/pcsc-stack';

/**
 * The PcscReader runs in a child process (see test/helpers/pcsc-child.ts): the driver runs here over its channels.
 * Teardown is bounded: a child whose pcsclite close() blocks is killed after 5 s and the test says so.
 */
// pcsclite's native status thread can lose a cancel while pcscd shuts down (README: "PC/SC and hangs"); about one
// run in 10–30 the pcscd-goes-away case then sees CARD_UNREADABLE instead of READER_MISSING. Until the bridge runs
// PC/SC in a supervised child in production too, a retry keeps CI honest about everything else and logs each miss.
jest.retryTimes(2, { logErrorsBeforeRetry: true });

describePcsc('PC/SC reader through real pcscd + vpcd', () => {
  let stack: CardStack | undefined;
  let reader: PcscChild | undefined;
  afterEach(async () => {
    const closed = await reader?.close();
    await stack?.stop();
    reader = undefined;
    stack = undefined;
    if (closed && !closed.exitedOnItsOwn) {
      console.warn(
        'PC/SC child did not exit within 5 s of close() and was killed (pcsclite join, see README)',
      );
    }
  }, 30_000);

  async function setup(profile: string) {
    const card = await newCard(profile);
    stack = await startCardStack(card);
    reader = await startPcscChild(stack.readerName);
    await reader.waitFor('present');
    return { card, stack, reader };
  }

  it('sees the card, signs, and reports removal and re-insertion as events', async () => {
    const { stack, reader } = await setup('valid');
    const driver = new JpkiCard(await reader.connect());
    await driver.verifyPin('auth', PinSecret.fromText(DEMO.auth));
    expect(await driver.sign('auth', sha256DigestInfo(Buffer.from('x')))).toHaveLength(256);
    await stack.vpcd.remove();
    await reader.waitFor('absent');
    await expect(driver.pinStatus('auth')).rejects.toMatchObject({ code: 'CARD_REMOVED' });
    await expect(reader.connect()).rejects.toMatchObject({ code: 'CARD_ABSENT' });
    await stack.vpcd.insert();
    await reader.waitFor('present');
    expect(await new JpkiCard(await reader.connect()).pinStatus('auth')).toBe(3);
  }, 30_000);

  it('says CARD_REMOVED when the card is pulled mid-signature, and no PIN try is lost', async () => {
    const { stack, reader, card } = await setup('pulled-mid-signature');
    const driver = new JpkiCard(await reader.connect());
    await driver.verifyPin('auth', PinSecret.fromText(DEMO.auth));
    await expect(driver.sign('auth', sha256DigestInfo(Buffer.from('x')))).rejects.toMatchObject({
      code: 'CARD_REMOVED',
    });
    await reader.waitFor('absent');
    await stack.vpcd.insert();
    await reader.waitFor('present');
    expect(await new JpkiCard(await reader.connect()).pinStatus('auth')).toBe(3);
    expect(card.myNumberSelects).toBe(0);
  }, 30_000);

  it('says READER_MISSING when pcscd goes away, and recovers when it is back', async () => {
    const { stack, reader } = await setup('valid');
    const driver = new JpkiCard(await reader.connect());
    expect(await driver.pinStatus('auth')).toBe(3);
    await stack.stopPcscd();
    await reader.waitFor('no-reader');
    await expect(driver.pinStatus('auth')).rejects.toMatchObject({ code: 'READER_MISSING' });
    await expect(reader.connect()).rejects.toMatchObject({ code: 'READER_MISSING' });
    await stack.restartPcscd();
    await reader.waitFor('present');
    const again = new JpkiCard(await reader.connect());
    expect(await again.pinStatus('auth')).toBe(3);
  }, 45_000);
});
