import {
  AID,
  ATR,
  JPKI_EF,
  MadoguchiError,
  sha256DigestInfo,
  SW,
  type CardChannel,
} from '@madoguchi/protocol';
import type { CounterStore } from '../../src/domain/counter-store';
import { VirtualCard } from '../../src/domain/virtual-card';
import { InProcessChannel } from '../../src/transport/in-process-channel';
import { apdu, send } from '../helpers/apdu';
import { newCard } from '../helpers/card';
import { makeProfile, PINS } from '../helpers/test-profile';

async function rejection(promise: Promise<unknown>): Promise<MadoguchiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MadoguchiError);
  return error as MadoguchiError;
}

describe('InProcessChannel', () => {
  it('is a CardChannel carrying APDUs to the card', async () => {
    const channel: CardChannel = new InProcessChannel(newCard().card);
    expect(channel.atr).toEqual(ATR.CONTACT_EXTENDED);
    expect((await send(channel, apdu.selectAid(AID.JPKI))).sw).toBe(SW.OK);
  });

  it('answers CARD_ABSENT while no card was ever inserted', async () => {
    const channel = new InProcessChannel();
    expect(channel.present).toBe(false);
    expect((await rejection(channel.transmit(apdu.selectAid(AID.JPKI)))).code).toBe('CARD_ABSENT');
    expect(() => channel.atr).toThrow(expect.objectContaining({ code: 'CARD_ABSENT' }));
    expect(() => channel.insert()).toThrow(TypeError);
  });

  it('answers CARD_REMOVED after remove(), until the card is inserted again', async () => {
    const channel = new InProcessChannel(newCard().card);
    channel.remove();
    expect(channel.present).toBe(false);
    expect((await rejection(channel.transmit(apdu.selectAid(AID.JPKI)))).code).toBe('CARD_REMOVED');
    expect(() => channel.atr).toThrow(expect.objectContaining({ code: 'CARD_REMOVED' }));
    channel.insert();
    expect((await send(channel, apdu.selectAid(AID.JPKI))).sw).toBe(SW.OK);
  });

  it('powers the card off on removal: its security state is gone when it comes back', async () => {
    const channel = new InProcessChannel(newCard().card);
    await send(channel, apdu.selectAid(AID.JPKI));
    await send(channel, apdu.selectEf(JPKI_EF.SIGN_PIN));
    await send(channel, apdu.verify(PINS.sign));
    channel.remove();
    channel.insert();
    expect((await send(channel, apdu.selectEf(JPKI_EF.SIGN_CERT))).sw).toBe(SW.FILE_NOT_FOUND);
  });

  it('takes another card, as a person swapping cards on the reader', async () => {
    const channel = new InProcessChannel(newCard().card);
    channel.remove();
    channel.insert(newCard(makeProfile((p) => void (p.extendedLength = false))).card);
    expect(channel.atr).toEqual(ATR.CONTACT_SHORT);
  });

  it('never delivers an answer from a card pulled while it was answering', async () => {
    let release: () => void = () => undefined;
    const card = new VirtualCard(
      makeProfile((p) => void (p.latency = { apduMs: 1 })),
      {
        sleep: () => new Promise<void>((resolve) => (release = resolve)),
      },
    );
    const channel = new InProcessChannel(card);
    const pending = channel.transmit(apdu.selectAid(AID.JPKI));
    await new Promise((r) => setImmediate(r));
    channel.remove();
    release();
    expect((await rejection(pending)).code).toBe('CARD_REMOVED');
  });

  describe('with the pulled-mid-signature card', () => {
    it('rejects the signature with CARD_REMOVED and stays removed until re-inserted', async () => {
      const channel = new InProcessChannel(
        newCard(makeProfile((p) => void (p.fault = { removeOn: 'sign' }))).card,
      );
      await send(channel, apdu.selectAid(AID.JPKI));
      await send(channel, apdu.selectEf(JPKI_EF.AUTH_PIN));
      await send(channel, apdu.verify(PINS.auth));
      await send(channel, apdu.selectEf(JPKI_EF.AUTH_KEY));
      const error = await rejection(channel.transmit(apdu.sign(sha256DigestInfo(Buffer.from('x')))));
      expect(error.code).toBe('CARD_REMOVED');
      expect(channel.present).toBe(false);
      expect((await rejection(channel.transmit(apdu.selectAid(AID.JPKI)))).code).toBe('CARD_REMOVED');
      channel.insert();
      expect((await send(channel, apdu.selectAid(AID.JPKI))).sw).toBe(SW.OK);
    });
  });

  it('answers CARD_UNREADABLE when the card itself fails (its counters cannot be saved)', async () => {
    const broken: CounterStore = {
      get: async () => undefined,
      set: async () => {
        throw new Error('disk full');
      },
    };
    const channel = new InProcessChannel(newCard(makeProfile(), broken).card);
    await send(channel, apdu.selectAid(AID.JPKI));
    await send(channel, apdu.selectEf(JPKI_EF.AUTH_PIN));
    const error = await rejection(channel.transmit(apdu.verify('0000')));
    expect(error.code).toBe('CARD_UNREADABLE');
    expect(channel.present).toBe(true);
  });
});
