import {
  AID,
  CARD_INFO_EF,
  concatBytes,
  decodeBasicFour,
  decodeTlvs,
  encodeCommand,
  JPKI_EF,
  MY_NUMBER_TAG,
  SW,
  swHex,
  TOKEN_INFO_LABEL,
} from '@madoguchi/protocol';
import { apdu, send } from '../../helpers/apdu';
import { newCard, selectFile, verifyPin } from '../../helpers/card';
import { CERTS, FACTS, FAKE_MY_NUMBER, makeProfile, PINS } from '../../helpers/test-profile';
import type { VirtualCard } from '../../../src/domain/virtual-card';

/** Reads a whole EF in chunks of `chunk` bytes, as OpenSC and myna do, until the card says the file has ended. */
async function readAll(card: VirtualCard, size: number, chunk = 0xff): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for (let offset = 0; offset < size; offset += chunk) {
    const r = await send(card, apdu.readBinary(offset, Math.min(chunk, size - offset)));
    expect(r.sw).toBe(SW.OK);
    parts.push(r.data);
  }
  return concatBytes(...parts);
}

describe('READ BINARY (B0)', () => {
  it("reads a certificate as OpenSC's jpki driver does: 4 bytes for the size, then ≤ FF chunks", async () => {
    const { card } = newCard();
    await selectFile(card, JPKI_EF.AUTH_CERT);
    const head = await send(card, apdu.readBinary(0, 4));
    expect(head.sw).toBe(SW.OK);
    const size = ((head.data[2]! << 8) | head.data[3]!) + 4;
    expect(size).toBe(CERTS.auth.length);
    expect(await readAll(card, size)).toEqual(CERTS.auth);
  });

  it('reads a certificate as myna and jpki-rs do: 7 bytes, then the DER length', async () => {
    const { card } = newCard();
    await selectFile(card, JPKI_EF.AUTH_CA_CERT);
    const head = await send(card, apdu.readBinary(0, 7));
    expect(head.data).toEqual(CERTS.authCa.slice(0, 7));
    expect(head.data[1]).toBe(0x82);
    const size = ((head.data[2]! << 8) | head.data[3]!) + 4;
    expect(await readAll(card, size, 0x80)).toEqual(CERTS.authCa);
  });

  it('reads at any offset', async () => {
    const { card } = newCard();
    await selectFile(card, JPKI_EF.SIGN_CA_CERT);
    const r = await send(card, apdu.readBinary(0x0123, 0x10));
    expect(r).toEqual({ data: CERTS.signCa.slice(0x123, 0x133), sw: SW.OK });
  });

  it('answers Le 00 with 256 bytes', async () => {
    const { card } = newCard();
    await selectFile(card, JPKI_EF.AUTH_CERT);
    const r = await send(card, '00 B0 00 00 00');
    expect(r).toEqual({ data: CERTS.auth.slice(0, 256), sw: SW.OK });
  });

  it('returns what is left with 62 82 when the read runs past the end', async () => {
    const { card } = newCard();
    await selectFile(card, JPKI_EF.AUTH_CERT);
    const offset = CERTS.auth.length - 10;
    const r = await send(card, apdu.readBinary(offset, 0xff));
    expect(swHex(r.sw)).toBe('62 82');
    expect(r.data).toEqual(CERTS.auth.slice(offset));
  });

  it('answers 90 00 to a read that ends exactly at the end', async () => {
    const { card } = newCard();
    await selectFile(card, JPKI_EF.AUTH_CERT);
    const r = await send(card, apdu.readBinary(CERTS.auth.length - 10, 10));
    expect(r.sw).toBe(SW.OK);
  });

  it.each([
    ['at the end', CERTS.auth.length],
    ['past the end', CERTS.auth.length + 1],
    ['at the largest offset', 0x7fff],
  ])('answers 6B 00 to an offset %s', async (_name, offset) => {
    const { card } = newCard();
    await selectFile(card, JPKI_EF.AUTH_CERT);
    expect(swHex((await send(card, apdu.readBinary(offset, 1))).sw)).toBe('6B 00');
  });

  it('reads the token info: JPKIAPICCTOKEN2 space-padded to 32 bytes, with no PIN', async () => {
    const { card } = newCard();
    await selectFile(card, JPKI_EF.TOKEN_INFO);
    const r = await send(card, apdu.readBinary(0, 0x20));
    expect(r.sw).toBe(SW.OK);
    expect(Buffer.from(r.data).toString('latin1')).toBe(TOKEN_INFO_LABEL.padEnd(32, ' '));
  });

  it.each([
    ['authentication certificate', JPKI_EF.AUTH_CERT, CERTS.auth],
    ['authentication CA certificate', JPKI_EF.AUTH_CA_CERT, CERTS.authCa],
    ['signature CA certificate', JPKI_EF.SIGN_CA_CERT, CERTS.signCa],
  ])('reads the %s with no PIN', async (_name, fid, content) => {
    const { card } = newCard();
    await selectFile(card, fid);
    expect(await readAll(card, content.length)).toEqual(content);
  });

  describe('the signature certificate', () => {
    it('answers 69 82 before the signature PIN is verified', async () => {
      const { card } = newCard();
      await selectFile(card, JPKI_EF.SIGN_CERT);
      expect(swHex((await send(card, apdu.readBinary(0, 4))).sw)).toBe('69 82');
    });

    it('answers 69 82 after only the authentication PIN', async () => {
      const { card } = newCard();
      await verifyPin(card, JPKI_EF.AUTH_PIN, PINS.auth);
      await send(card, apdu.selectEf(JPKI_EF.SIGN_CERT));
      expect(swHex((await send(card, apdu.readBinary(0, 4))).sw)).toBe('69 82');
    });

    it('is readable after the signature PIN', async () => {
      const { card } = newCard();
      await verifyPin(card, JPKI_EF.SIGN_PIN, PINS.sign);
      await send(card, apdu.selectEf(JPKI_EF.SIGN_CERT));
      expect(await readAll(card, CERTS.sign.length)).toEqual(CERTS.sign);
    });
  });

  describe('extended length', () => {
    it('reads a whole certificate in one extended-Le command on an extended-length card', async () => {
      const { card } = newCard();
      await selectFile(card, JPKI_EF.AUTH_CERT);
      const r = await send(card, apdu.readBinary(0, CERTS.auth.length, true));
      expect(r).toEqual({ data: CERTS.auth, sw: SW.OK });
    });

    it('answers Le 0000 (65536) with the whole file and 62 82', async () => {
      const { card } = newCard();
      await selectFile(card, JPKI_EF.AUTH_CERT);
      const r = await send(card, '00 B0 00 00 00 00 00');
      expect(r).toEqual({ data: CERTS.auth, sw: SW.END_OF_FILE });
    });

    it('answers 67 00 to an extended READ BINARY on a short-only card, and serves short reads', async () => {
      const { card } = newCard(makeProfile((p) => void (p.extendedLength = false)));
      await selectFile(card, JPKI_EF.AUTH_CERT);
      expect(swHex((await send(card, apdu.readBinary(0, CERTS.auth.length, true))).sw)).toBe('67 00');
      expect(swHex((await send(card, apdu.readBinary(0, 4, true))).sw)).toBe('67 00');
      expect(await readAll(card, CERTS.auth.length)).toEqual(CERTS.auth);
    });
  });

  describe('the card-info AP', () => {
    it('answers 69 82 for the basic four facts and the My Number before its PIN', async () => {
      const { card } = newCard();
      for (const fid of [CARD_INFO_EF.BASIC_FOUR, CARD_INFO_EF.MY_NUMBER]) {
        await selectFile(card, fid, AID.CARD_INFO);
        expect(swHex((await send(card, apdu.readBinary(0, 0xff))).sw)).toBe('69 82');
      }
    });

    it('serves the basic four facts in the card layout after its PIN', async () => {
      const { card } = newCard();
      await verifyPin(card, CARD_INFO_EF.PIN, PINS.cardInfo, AID.CARD_INFO);
      await send(card, apdu.selectEf(CARD_INFO_EF.BASIC_FOUR));
      const r = await send(card, apdu.readBinary(0, 0xff));
      expect(r.sw).toBe(SW.END_OF_FILE);
      expect(decodeBasicFour(r.data)).toEqual(FACTS);
    });

    it('holds the fake My Number under tag 10 (readable after the PIN, though Madoguchi never reads it)', async () => {
      const { card } = newCard();
      await verifyPin(card, CARD_INFO_EF.PIN, PINS.cardInfo, AID.CARD_INFO);
      await send(card, apdu.selectEf(CARD_INFO_EF.MY_NUMBER));
      const r = await send(card, apdu.readBinary(0, 0x20));
      expect(decodeTlvs(r.data)).toEqual([
        { tag: MY_NUMBER_TAG, value: Uint8Array.from(Buffer.from(FAKE_MY_NUMBER)) },
      ]);
    });

    it('does not open the card-info files with the JPKI authentication PIN', async () => {
      const { card } = newCard();
      await verifyPin(card, JPKI_EF.AUTH_PIN, PINS.auth);
      await selectFile(card, CARD_INFO_EF.BASIC_FOUR, AID.CARD_INFO);
      expect(swHex((await send(card, apdu.readBinary(0, 0xff))).sw)).toBe('69 82');
    });
  });

  it.each([
    ['authentication key', JPKI_EF.AUTH_KEY],
    ['authentication PIN', JPKI_EF.AUTH_PIN],
    ['signature key', JPKI_EF.SIGN_KEY],
    ['signature PIN', JPKI_EF.SIGN_PIN],
  ])('never reads the %s EF (69 86), even after its PIN', async (_name, fid) => {
    const { card } = newCard();
    await verifyPin(card, JPKI_EF.AUTH_PIN, PINS.auth);
    await send(card, apdu.selectEf(JPKI_EF.SIGN_PIN));
    expect((await send(card, apdu.verify(PINS.sign))).sw).toBe(SW.OK);
    await send(card, apdu.selectEf(fid));
    expect(swHex((await send(card, apdu.readBinary(0, 4))).sw)).toBe('69 86');
  });

  it('answers 69 86 with no EF selected', async () => {
    const { card } = newCard();
    expect(swHex((await send(card, apdu.readBinary(0, 4))).sw)).toBe('69 86');
    await send(card, apdu.selectAid(AID.JPKI));
    expect(swHex((await send(card, apdu.readBinary(0, 4))).sw)).toBe('69 86');
  });

  it.each([
    ['no Le (case 1)', '00 B0 00 00'],
    ['command data (case 3)', '00 B0 00 00 01 00'],
    ['command data and Le (case 4)', '00 B0 00 00 01 00 04'],
  ])('answers 67 00 to %s', async (_name, command) => {
    const { card } = newCard();
    await selectFile(card, JPKI_EF.AUTH_CERT);
    expect(swHex((await send(card, command)).sw)).toBe('67 00');
  });

  it('answers 6A 86 to SFI addressing (P1 bit 8), which it does not model', async () => {
    const { card } = newCard();
    await selectFile(card, JPKI_EF.AUTH_CERT);
    const sfi = encodeCommand({ cla: 0x00, ins: 0xb0, p1: 0x80 | 0x0a, p2: 0x00, ne: 4 });
    expect(swHex((await send(card, sfi)).sw)).toBe('6A 86');
  });
});
