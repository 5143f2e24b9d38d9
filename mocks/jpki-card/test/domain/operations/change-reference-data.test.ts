import { AID, CARD_INFO_EF, JPKI_EF, SW, swHex } from '@madoguchi/protocol';
import { apdu, send } from '../../helpers/apdu';
import { newCard, selectFile, verifyPin } from '../../helpers/card';
import { PINS } from '../../helpers/test-profile';

describe('CHANGE REFERENCE DATA (24)', () => {
  it.each([
    ['auth', AID.JPKI, JPKI_EF.AUTH_PIN, PINS.auth, '4321'],
    ['sign', AID.JPKI, JPKI_EF.SIGN_PIN, PINS.sign, 'NEWPIN2026'],
    ['cardInfo', AID.CARD_INFO, CARD_INFO_EF.PIN, PINS.cardInfo, '8765'],
  ])('changes the verified %s PIN; the old one is then wrong', async (_kind, aid, ef, oldPin, newPin) => {
    const { card } = newCard();
    await verifyPin(card, ef, oldPin, aid);
    expect((await send(card, apdu.changePin(newPin))).sw).toBe(SW.OK);
    await selectFile(card, ef, aid);
    expect((await send(card, apdu.verify(oldPin))).sw).not.toBe(SW.OK);
    expect((await send(card, apdu.verify(newPin))).sw).toBe(SW.OK);
  });

  it('answers 69 82 before VERIFY', async () => {
    const { card } = newCard();
    await selectFile(card, JPKI_EF.AUTH_PIN);
    expect(swHex((await send(card, apdu.changePin('4321'))).sw)).toBe('69 82');
  });

  it.each([
    ['auth', JPKI_EF.AUTH_PIN, PINS.auth, '12345'],
    ['auth', JPKI_EF.AUTH_PIN, PINS.auth, '12a4'],
    ['sign', JPKI_EF.SIGN_PIN, PINS.sign, 'ABCDEF'],
    ['sign', JPKI_EF.SIGN_PIN, PINS.sign, '123456'],
    ['sign', JPKI_EF.SIGN_PIN, PINS.sign, 'abc123'],
    ['sign', JPKI_EF.SIGN_PIN, PINS.sign, 'ABC12'],
    ['sign', JPKI_EF.SIGN_PIN, PINS.sign, 'ABCDEFGH123456789'],
  ])(
    'refuses a new %s PIN %j that breaks the policy with 6A 80, keeping the old one',
    async (_k, ef, pin, bad) => {
      const { card } = newCard();
      await verifyPin(card, ef, pin);
      expect(swHex((await send(card, apdu.changePin(bad))).sw)).toBe('6A 80');
      expect((await send(card, apdu.verify(pin))).sw).toBe(SW.OK);
    },
  );

  it.each([
    ['P1 00 (old and new PIN)', '00 24 00 80 04 31 32 33 34'],
    ['P2 00', '00 24 01 00 04 31 32 33 34'],
  ])('answers 6A 86 to %s', async (_name, command) => {
    const { card } = newCard();
    await verifyPin(card, JPKI_EF.AUTH_PIN, PINS.auth);
    expect(swHex((await send(card, command)).sw)).toBe('6A 86');
  });

  it('answers 67 00 with no new PIN', async () => {
    const { card } = newCard();
    await verifyPin(card, JPKI_EF.AUTH_PIN, PINS.auth);
    expect(swHex((await send(card, '00 24 01 80')).sw)).toBe('67 00');
  });

  it('answers 69 86 when the current EF is not a PIN', async () => {
    const { card } = newCard();
    await verifyPin(card, JPKI_EF.AUTH_PIN, PINS.auth);
    await send(card, apdu.selectEf(JPKI_EF.AUTH_CERT));
    expect(swHex((await send(card, apdu.changePin('4321'))).sw)).toBe('69 86');
  });
});
