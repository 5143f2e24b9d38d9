import { sha256DigestInfo } from '@madoguchi/protocol';
import { JpkiCard } from '../../src/domain/jpki-card';
import { PinSecret } from '../../src/domain/pin-secret';
import type { ReaderEvent } from '../../src/protocol/card-reader';
import { PcscReader } from '../../src/transport/pcsc-reader';
import { DEMO, newCard } from '../helpers/cards';
import { describePcsc, startCardStack, type CardStack } from '../helpers/pcsc-stack';

type Seen = 'no-reader' | 'absent' | 'present';

function after(seen: Seen, e: ReaderEvent): Seen {
  switch (e.type) {
    case 'reader-attached':
      return seen === 'no-reader' ? 'absent' : seen;
    case 'reader-detached':
      return 'no-reader';
    case 'card-inserted':
      return 'present';
    case 'card-removed':
      return 'absent';
  }
}

/**
 * Resolves once the reader's state (replayed on subscribe, then followed through events) is `wanted`: race-free,
 * unlike waiting for one event that may already have passed.
 */
function readerState(reader: PcscReader, wanted: Seen, ms = 15_000): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen: Seen = 'no-reader';
    let replayed = false;
    const check = () => {
      if (!replayed || seen !== wanted) return;
      clearTimeout(timer);
      stop();
      resolve();
    };
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`reader never became ${wanted} (is ${seen})`));
    }, ms);
    const stop = reader.subscribe((e) => {
      seen = after(seen, e);
      check();
    });
    replayed = true;
    check();
  });
}

describePcsc('PC/SC reader through real pcscd + vpcd', () => {
  let stack: CardStack | undefined;
  let reader: PcscReader | undefined;
  afterEach(async () => {
    await reader?.close();
    await stack?.stop();
    reader = undefined;
    stack = undefined;
  });

  async function setup(profile: string) {
    const card = await newCard(profile);
    stack = await startCardStack(card);
    reader = new PcscReader({ readerName: stack.readerName, restartDelayMs: 200 });
    await readerState(reader, 'present');
    return { card, stack, reader };
  }

  it('sees the card, signs, and reports removal and re-insertion as events', async () => {
    const { stack, reader } = await setup('valid');
    const driver = new JpkiCard(await reader.connect());
    await driver.verifyPin('auth', PinSecret.fromText(DEMO.auth));
    expect(await driver.sign('auth', sha256DigestInfo(Buffer.from('x')))).toHaveLength(256);
    await stack.vpcd.remove();
    await readerState(reader, 'absent');
    await expect(driver.pinStatus('auth')).rejects.toMatchObject({ code: 'CARD_REMOVED' });
    await expect(reader.connect()).rejects.toMatchObject({ code: 'CARD_ABSENT' });
    await stack.vpcd.insert();
    await readerState(reader, 'present');
    expect(await new JpkiCard(await reader.connect()).pinStatus('auth')).toBe(3);
  }, 30_000);

  it('says CARD_REMOVED when the card is pulled mid-signature, and no PIN try is lost', async () => {
    const { stack, reader, card } = await setup('pulled-mid-signature');
    const driver = new JpkiCard(await reader.connect());
    await driver.verifyPin('auth', PinSecret.fromText(DEMO.auth));
    await expect(driver.sign('auth', sha256DigestInfo(Buffer.from('x')))).rejects.toMatchObject({
      code: 'CARD_REMOVED',
    });
    await readerState(reader, 'absent');
    await stack.vpcd.insert();
    await readerState(reader, 'present');
    expect(await new JpkiCard(await reader.connect()).pinStatus('auth')).toBe(3);
    expect(card.myNumberSelects).toBe(0);
  }, 30_000);

  it('says READER_MISSING when pcscd goes away, and recovers when it is back', async () => {
    const { stack, reader } = await setup('valid');
    const driver = new JpkiCard(await reader.connect());
    expect(await driver.pinStatus('auth')).toBe(3);
    await stack.stopPcscd();
    await readerState(reader, 'no-reader');
    await expect(driver.pinStatus('auth')).rejects.toMatchObject({ code: 'READER_MISSING' });
    await expect(reader.connect()).rejects.toMatchObject({ code: 'READER_MISSING' });
    await stack.restartPcscd();
    await readerState(reader, 'present');
    const again = new JpkiCard(await reader.connect());
    expect(await again.pinStatus('auth')).toBe(3);
  }, 45_000);
});
