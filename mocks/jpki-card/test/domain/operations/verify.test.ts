import {
  AID,
  CARD_INFO_EF,
  JPKI_EF,
  PIN_POLICY,
  SW,
  swHex,
  swTriesLeft,
  type PinKind,
} from '@madoguchi/protocol';
import { apdu, send } from '../../helpers/apdu';
import { newCard, selectFile } from '../../helpers/card';
import { makeProfile, PINS } from '../../helpers/test-profile';

/** The three PINs share one counter semantics; every rule is tested against each. */
const PIN_CASES: Array<{ kind: PinKind; aid: Uint8Array; ef: number; pin: string; wrong: string }> = [
  { kind: 'auth', aid: AID.JPKI, ef: JPKI_EF.AUTH_PIN, pin: PINS.auth, wrong: '9999' },
  { kind: 'sign', aid: AID.JPKI, ef: JPKI_EF.SIGN_PIN, pin: PINS.sign, wrong: 'WRONG1' },
  { kind: 'cardInfo', aid: AID.CARD_INFO, ef: CARD_INFO_EF.PIN, pin: PINS.cardInfo, wrong: '0000' },
];

describe.each(PIN_CASES)('VERIFY (20) of the $kind PIN', ({ kind, aid, ef, pin, wrong }) => {
  const max = PIN_POLICY[kind].maxTries;

  it(`reports ${max} tries with no data`, async () => {
    const { card } = newCard();
    await selectFile(card, ef, aid);
    expect(swHex((await send(card, apdu.verify())).sw)).toBe(swHex(swTriesLeft(max)));
  });

  it('accepts the right PIN with 90 00', async () => {
    const { card } = newCard();
    await selectFile(card, ef, aid);
    expect((await send(card, apdu.verify(pin))).sw).toBe(SW.OK);
  });

  it('counts down to blocked, then answers 69 83 to a PIN and 63 C0 to the query', async () => {
    const { card, counters } = newCard();
    await selectFile(card, ef, aid);
    const seen: string[] = [];
    for (let i = 0; i < max; i++) seen.push(swHex((await send(card, apdu.verify(wrong))).sw));
    expect(seen).toEqual(Array.from({ length: max }, (_, i) => swHex(swTriesLeft(max - 1 - i))));
    expect(swHex((await send(card, apdu.verify(wrong))).sw)).toBe('69 83');
    expect(swHex((await send(card, apdu.verify(pin))).sw)).toBe('69 83');
    expect(swHex((await send(card, apdu.verify())).sw)).toBe('63 C0');
    expect(await counters.get(kind)).toBe(0);
  });

  it('resets the counter on the right PIN', async () => {
    const { card, counters } = newCard();
    await selectFile(card, ef, aid);
    await send(card, apdu.verify(wrong));
    await send(card, apdu.verify(wrong));
    expect(await counters.get(kind)).toBe(max - 2);
    expect((await send(card, apdu.verify(pin))).sw).toBe(SW.OK);
    expect(swHex((await send(card, apdu.verify())).sw)).toBe(swHex(swTriesLeft(max)));
  });

  it('still reports tries (not success) to the query after a right PIN, as the real card does', async () => {
    const { card } = newCard();
    await selectFile(card, ef, aid);
    await send(card, apdu.verify(pin));
    expect(swHex((await send(card, apdu.verify())).sw)).toBe(swHex(swTriesLeft(max)));
  });

  it('counts a malformed PIN (wrong length or characters) as a wrong one', async () => {
    const { card } = newCard();
    await selectFile(card, ef, aid);
    expect(swHex((await send(card, apdu.verify(`${pin}0`))).sw)).toBe(swHex(swTriesLeft(max - 1)));
    expect(swHex((await send(card, apdu.verify(Uint8Array.of(0xff)))).sw)).toBe(swHex(swTriesLeft(max - 2)));
  });

  it('starts from the tries the profile gives', async () => {
    const { card } = newCard(
      makeProfile((p) => {
        if (kind === 'cardInfo') p.cardInfo.tries = 1;
        else p.jpki.tries = { [kind]: 1 };
      }),
    );
    await selectFile(card, ef, aid);
    expect(swHex((await send(card, apdu.verify())).sw)).toBe('63 C1');
    expect(swHex((await send(card, apdu.verify(wrong))).sw)).toBe('63 C0');
    expect(swHex((await send(card, apdu.verify(pin))).sw)).toBe('69 83');
  });

  it('opens a blocked profile to the query only', async () => {
    const { card } = newCard(
      makeProfile((p) => {
        if (kind === 'cardInfo') p.cardInfo.tries = 0;
        else p.jpki.tries = { [kind]: 0 };
      }),
    );
    await selectFile(card, ef, aid);
    expect(swHex((await send(card, apdu.verify())).sw)).toBe('63 C0');
    expect(swHex((await send(card, apdu.verify(pin))).sw)).toBe('69 83');
  });
});

describe('VERIFY (20) and the security state', () => {
  it('forgets a verified PIN when the application is selected again', async () => {
    const { card } = newCard();
    await selectFile(card, JPKI_EF.SIGN_PIN);
    await send(card, apdu.verify(PINS.sign));
    await send(card, apdu.selectAid(AID.JPKI));
    await send(card, apdu.selectEf(JPKI_EF.SIGN_CERT));
    expect(swHex((await send(card, apdu.readBinary(0, 4))).sw)).toBe('69 82');
  });

  it('forgets a verified PIN when another application is selected', async () => {
    const { card } = newCard();
    await selectFile(card, CARD_INFO_EF.PIN, AID.CARD_INFO);
    await send(card, apdu.verify(PINS.cardInfo));
    await send(card, apdu.selectAid(AID.JPKI));
    await selectFile(card, CARD_INFO_EF.BASIC_FOUR, AID.CARD_INFO);
    expect(swHex((await send(card, apdu.readBinary(0, 4))).sw)).toBe('69 82');
  });

  it('forgets a verified PIN on reset', async () => {
    const { card } = newCard();
    await selectFile(card, JPKI_EF.SIGN_PIN);
    await send(card, apdu.verify(PINS.sign));
    card.reset();
    expect(swHex((await send(card, apdu.selectEf(JPKI_EF.SIGN_CERT))).sw)).toBe('6A 82');
    await selectFile(card, JPKI_EF.SIGN_CERT);
    expect(swHex((await send(card, apdu.readBinary(0, 4))).sw)).toBe('69 82');
  });

  it('forgets a verified PIN after a wrong one', async () => {
    const { card } = newCard();
    await selectFile(card, JPKI_EF.SIGN_PIN);
    await send(card, apdu.verify(PINS.sign));
    await send(card, apdu.verify('WRONG1'));
    await send(card, apdu.selectEf(JPKI_EF.SIGN_CERT));
    expect(swHex((await send(card, apdu.readBinary(0, 4))).sw)).toBe('69 82');
  });

  it('keeps a verified PIN across EF selects in the same application', async () => {
    const { card } = newCard();
    await selectFile(card, JPKI_EF.SIGN_PIN);
    await send(card, apdu.verify(PINS.sign));
    await send(card, apdu.selectEf(JPKI_EF.AUTH_CERT));
    await send(card, apdu.selectEf(JPKI_EF.SIGN_CERT));
    expect((await send(card, apdu.readBinary(0, 4))).sw).toBe(SW.OK);
  });

  it('keeps counters across reset and re-select', async () => {
    const { card } = newCard();
    await selectFile(card, JPKI_EF.AUTH_PIN);
    await send(card, apdu.verify('0000'));
    card.reset();
    await selectFile(card, JPKI_EF.AUTH_PIN);
    expect(swHex((await send(card, apdu.verify())).sw)).toBe('63 C2');
  });
});

describe('VERIFY (20) refusals', () => {
  it.each([
    ['P1 01', '00 20 01 80 04 31 32 33 34'],
    ['P2 00 (global reference)', '00 20 00 00 04 31 32 33 34'],
    ['P2 81', '00 20 00 81'],
  ])('answers 6A 86 to %s, without costing a try', async (_name, command) => {
    const { card, counters } = newCard();
    await selectFile(card, JPKI_EF.AUTH_PIN);
    expect(swHex((await send(card, command)).sw)).toBe('6A 86');
    expect(await counters.get('auth')).toBeUndefined();
  });

  it.each([
    ['no EF selected', undefined],
    ['a certificate EF', JPKI_EF.AUTH_CERT],
    ['a key EF', JPKI_EF.AUTH_KEY],
  ])('answers 69 86 with %s', async (_name, fid) => {
    const { card } = newCard();
    await send(card, apdu.selectAid(AID.JPKI));
    if (fid !== undefined) await send(card, apdu.selectEf(fid));
    expect(swHex((await send(card, apdu.verify(PINS.auth))).sw)).toBe('69 86');
  });
});
