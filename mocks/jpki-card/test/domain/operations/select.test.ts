import { AID, CARD_INFO_EF, concatBytes, hex, JPKI_EF, SW, swHex } from '@madoguchi/protocol';
import { apdu, send } from '../../helpers/apdu';
import { newCard } from '../../helpers/card';
import { under15Profile } from '../../helpers/test-profile';

describe('SELECT (A4)', () => {
  it.each([
    ['the JPKI AP', AID.JPKI],
    ['the card-info AP', AID.CARD_INFO],
    ['the card-surface AP', AID.CARD_SURFACE],
  ])('selects %s by AID', async (_name, aid) => {
    const { card } = newCard();
    expect((await send(card, apdu.selectAid(aid))).sw).toBe(SW.OK);
  });

  it.each([
    // Never 90 00 for an AID the card lacks, or OpenSC binds its Muscle driver.
    ['an unknown AID', 'A0 00 00 00 03 00 00 00', SW.FILE_NOT_FOUND],
    ['the JPKI AID with one byte more', 'D3 92 F0 00 26 01 00 00 00 01 00', SW.FILE_NOT_FOUND],
    ['a prefix of the JPKI AID', 'D3 92 F0 00 26', SW.FILE_NOT_FOUND],
    ['an AID shorter than 5 bytes', 'D3 92 F0 00', SW.WRONG_LENGTH],
    ['an AID longer than 16 bytes', '00'.repeat(17), SW.WRONG_LENGTH],
    ['no AID at all', '', SW.WRONG_LENGTH],
  ])('answers %s with the right status word', async (_name, aidHex, sw) => {
    const { card } = newCard();
    expect(swHex((await send(card, apdu.selectAid(hex(aidHex)))).sw)).toBe(swHex(sw));
  });

  it.each([
    ['P2 00 (FCI asked)', '00 A4 04 00 0A D3 92 F0 00 26 01 00 00 00 01'],
    ['P2 04 (FCP asked)', '00 A4 02 04 02 00 0A'],
    ['P1 00 (select by FID from MF)', '00 A4 00 0C 02 00 0A'],
    ['P1 08 (select by path)', '00 A4 08 0C 02 00 0A'],
  ])('refuses %s with 6A 86', async (_name, command) => {
    const { card } = newCard();
    await send(card, apdu.selectAid(AID.JPKI));
    expect(swHex((await send(card, command)).sw)).toBe('6A 86');
  });

  const presentFiles: Array<[string, Uint8Array, number]> = [
    ...Object.entries(JPKI_EF).map(([name, fid]): [string, Uint8Array, number] => [
      `JPKI ${name}`,
      AID.JPKI,
      fid,
    ]),
    ['card-info PIN', AID.CARD_INFO, CARD_INFO_EF.PIN],
    ['card-info BASIC_FOUR', AID.CARD_INFO, CARD_INFO_EF.BASIC_FOUR],
    ['card-info MY_NUMBER', AID.CARD_INFO, CARD_INFO_EF.MY_NUMBER],
  ];
  it.each(presentFiles)('selects the %s EF by FID', async (_name, aid, fid) => {
    const { card } = newCard();
    await send(card, apdu.selectAid(aid));
    expect((await send(card, apdu.selectEf(fid))).sw).toBe(SW.OK);
  });

  it.each([
    ['an EF the JPKI AP lacks', AID.JPKI, 0x0003],
    ['the card-info integrity EF (not modelled)', AID.CARD_INFO, CARD_INFO_EF.INTEGRITY],
    ['the card-info PIN-A EF (not modelled)', AID.CARD_INFO, CARD_INFO_EF.PIN_A],
    ['any EF of the card-surface AP', AID.CARD_SURFACE, 0x0002],
    ['a card-info EF while the JPKI AP is selected', AID.JPKI, CARD_INFO_EF.PIN],
  ])('answers 6A 82 for %s', async (_name, aid, fid) => {
    const { card } = newCard();
    await send(card, apdu.selectAid(aid));
    expect(swHex((await send(card, apdu.selectEf(fid))).sw)).toBe('6A 82');
  });

  it('answers 6A 82 to a FID with no application selected', async () => {
    const { card } = newCard();
    expect(swHex((await send(card, apdu.selectEf(JPKI_EF.AUTH_CERT))).sw)).toBe('6A 82');
  });

  it.each([
    ['one byte', '00 A4 02 0C 01 0A'],
    ['three bytes', '00 A4 02 0C 03 00 0A 00'],
    ['none', '00 A4 02 0C'],
  ])('answers 67 00 to a FID of %s', async (_name, command) => {
    const { card } = newCard();
    await send(card, apdu.selectAid(AID.JPKI));
    expect(swHex((await send(card, command)).sw)).toBe('67 00');
  });

  it('accepts an Le it will not use (case 4 SELECT)', async () => {
    const { card } = newCard();
    expect((await send(card, concatBytes(apdu.selectAid(AID.JPKI), Uint8Array.of(0)))).sw).toBe(SW.OK);
  });

  it.each([
    ['signature certificate', JPKI_EF.SIGN_CERT],
    ['signature key', JPKI_EF.SIGN_KEY],
    ['signature PIN', JPKI_EF.SIGN_PIN],
  ])('has no %s EF for a holder under 15 (6A 82)', async (_name, fid) => {
    const { card } = newCard(under15Profile());
    await send(card, apdu.selectAid(AID.JPKI));
    expect(swHex((await send(card, apdu.selectEf(fid))).sw)).toBe('6A 82');
  });

  it('still has the signature CA certificate for a holder under 15', async () => {
    const { card } = newCard(under15Profile());
    await send(card, apdu.selectAid(AID.JPKI));
    expect((await send(card, apdu.selectEf(JPKI_EF.SIGN_CA_CERT))).sw).toBe(SW.OK);
  });

  it('keeps the current EF when a SELECT fails', async () => {
    const { card } = newCard();
    await send(card, apdu.selectAid(AID.JPKI));
    await send(card, apdu.selectEf(JPKI_EF.TOKEN_INFO));
    expect((await send(card, apdu.selectEf(0x7777))).sw).toBe(SW.FILE_NOT_FOUND);
    expect((await send(card, apdu.selectAid(hex('A0 00 00 00 03 00 00 00')))).sw).toBe(SW.FILE_NOT_FOUND);
    expect((await send(card, apdu.readBinary(0, 4))).sw).toBe(SW.OK);
  });

  describe('the My Number EF', () => {
    it('counts every SELECT of it', async () => {
      const { card } = newCard();
      await send(card, apdu.selectAid(AID.CARD_INFO));
      expect(card.myNumberSelects).toBe(0);
      await send(card, apdu.selectEf(CARD_INFO_EF.MY_NUMBER));
      await send(card, apdu.selectEf(CARD_INFO_EF.BASIC_FOUR));
      await send(card, apdu.selectEf(CARD_INFO_EF.MY_NUMBER));
      expect(card.myNumberSelects).toBe(2);
    });

    it('does not count EF 0001 of the JPKI AP (the signature certificate)', async () => {
      const { card } = newCard();
      await send(card, apdu.selectAid(AID.JPKI));
      await send(card, apdu.selectEf(JPKI_EF.SIGN_CERT));
      expect(card.myNumberSelects).toBe(0);
    });

    it('counts nothing while reading the basic four facts', async () => {
      const { card } = newCard();
      await send(card, apdu.selectAid(AID.CARD_INFO));
      await send(card, apdu.selectEf(CARD_INFO_EF.BASIC_FOUR));
      await send(card, apdu.readBinary(0, 0xff));
      expect(card.myNumberSelects).toBe(0);
    });
  });
});
