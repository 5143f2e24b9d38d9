import { constants, publicDecrypt, verify } from 'node:crypto';
import { AID, hex, JPKI_EF, sha256DigestInfo, SW, swHex } from '@madoguchi/protocol';
import { CardRemovedError } from '../../../src/domain/card-removed-error';
import { apdu, send } from '../../helpers/apdu';
import { newCard, selectFile, verifyPin } from '../../helpers/card';
import { makeProfile, PINS, testKeys } from '../../helpers/test-profile';

const message = Buffer.from('madoguchi challenge 42');

describe('COMPUTE DIGITAL SIGNATURE (80 2A)', () => {
  it.each([
    ['authentication', JPKI_EF.AUTH_PIN, PINS.auth, JPKI_EF.AUTH_KEY, 'auth'],
    ['signature', JPKI_EF.SIGN_PIN, PINS.sign, JPKI_EF.SIGN_KEY, 'sign'],
  ] as const)(
    'signs a SHA-256 DigestInfo with the %s key, verifiable as RSA-SHA256',
    async (_n, pinEf, pin, keyEf, k) => {
      const { card } = newCard();
      await verifyPin(card, pinEf, pin);
      await send(card, apdu.selectEf(keyEf));
      const r = await send(card, apdu.sign(sha256DigestInfo(message)));
      expect(r.sw).toBe(SW.OK);
      expect(r.data).toHaveLength(256);
      expect(verify('sha256', message, testKeys()[k].publicKey, r.data)).toBe(true);
    },
  );

  it('signs an extended-length command on an extended-length card', async () => {
    const { card } = newCard();
    await verifyPin(card, JPKI_EF.AUTH_PIN, PINS.auth);
    await send(card, apdu.selectEf(JPKI_EF.AUTH_KEY));
    const r = await send(card, apdu.sign(sha256DigestInfo(message), true));
    expect(verify('sha256', message, testKeys().auth.publicKey, r.data)).toBe(true);
  });

  it('signs whatever bytes it gets, up to k-11, as a real card does (it never parses the DigestInfo)', async () => {
    const { card } = newCard();
    await verifyPin(card, JPKI_EF.AUTH_PIN, PINS.auth);
    await send(card, apdu.selectEf(JPKI_EF.AUTH_KEY));
    for (const input of [hex('01'), new Uint8Array(245).fill(0xab)]) {
      const r = await send(card, apdu.sign(input));
      expect(r.sw).toBe(SW.OK);
      const recovered = publicDecrypt(
        { key: testKeys().auth.publicKey, padding: constants.RSA_PKCS1_PADDING },
        r.data,
      );
      expect(Uint8Array.from(recovered)).toEqual(input);
    }
  });

  it('answers 67 00 to more than k-11 (245) bytes', async () => {
    const { card } = newCard();
    await verifyPin(card, JPKI_EF.AUTH_PIN, PINS.auth);
    await send(card, apdu.selectEf(JPKI_EF.AUTH_KEY));
    expect(swHex((await send(card, apdu.sign(new Uint8Array(246)))).sw)).toBe('67 00');
  });

  it('answers 67 00 with no data', async () => {
    const { card } = newCard();
    await verifyPin(card, JPKI_EF.AUTH_PIN, PINS.auth);
    await send(card, apdu.selectEf(JPKI_EF.AUTH_KEY));
    expect(swHex((await send(card, '80 2A 00 80 00')).sw)).toBe('67 00');
  });

  it('answers 69 82 without VERIFY', async () => {
    const { card } = newCard();
    await selectFile(card, JPKI_EF.AUTH_KEY);
    expect(swHex((await send(card, apdu.sign(sha256DigestInfo(message)))).sw)).toBe('69 82');
  });

  it.each([
    ['the signature key after the authentication PIN', JPKI_EF.AUTH_PIN, PINS.auth, JPKI_EF.SIGN_KEY],
    ['the authentication key after the signature PIN', JPKI_EF.SIGN_PIN, PINS.sign, JPKI_EF.AUTH_KEY],
  ])('answers 69 82 for %s', async (_name, pinEf, pin, keyEf) => {
    const { card } = newCard();
    await verifyPin(card, pinEf, pin);
    await send(card, apdu.selectEf(keyEf));
    expect(swHex((await send(card, apdu.sign(sha256DigestInfo(message)))).sw)).toBe('69 82');
  });

  it('answers 69 82 after the application was selected again', async () => {
    const { card } = newCard();
    await verifyPin(card, JPKI_EF.AUTH_PIN, PINS.auth);
    await selectFile(card, JPKI_EF.AUTH_KEY);
    expect(swHex((await send(card, apdu.sign(sha256DigestInfo(message)))).sw)).toBe('69 82');
  });

  it.each([
    ['the PIN EF (key not selected)', JPKI_EF.AUTH_PIN],
    ['a certificate EF', JPKI_EF.AUTH_CERT],
  ])('answers 69 86 when the current EF is %s', async (_name, fid) => {
    const { card } = newCard();
    await verifyPin(card, JPKI_EF.AUTH_PIN, PINS.auth);
    await send(card, apdu.selectEf(fid));
    expect(swHex((await send(card, apdu.sign(sha256DigestInfo(message)))).sw)).toBe('69 86');
  });

  it.each([
    ['P1 9E P2 9A (ISO PSO)', '80 2A 9E 9A 01 AA 00'],
    ['P2 00', '80 2A 00 00 01 AA 00'],
  ])('answers 6A 86 to %s', async (_name, command) => {
    const { card } = newCard();
    await verifyPin(card, JPKI_EF.AUTH_PIN, PINS.auth);
    await send(card, apdu.selectEf(JPKI_EF.AUTH_KEY));
    expect(swHex((await send(card, command)).sw)).toBe('6A 86');
  });

  it('answers 6E 00 to CLA 00: the card signs only with its proprietary class', async () => {
    const { card } = newCard();
    await verifyPin(card, JPKI_EF.AUTH_PIN, PINS.auth);
    await send(card, apdu.selectEf(JPKI_EF.AUTH_KEY));
    expect(swHex((await send(card, '00 2A 00 80 01 AA 00')).sw)).toBe('6E 00');
  });

  describe('the slow card', () => {
    it('asks for its signature delay on top of the per-APDU delay', async () => {
      const { card, sleeps } = newCard(makeProfile((p) => void (p.latency = { apduMs: 15, signMs: 450 })));
      await verifyPin(card, JPKI_EF.AUTH_PIN, PINS.auth);
      await send(card, apdu.selectEf(JPKI_EF.AUTH_KEY));
      sleeps.length = 0;
      expect((await send(card, apdu.sign(sha256DigestInfo(message)))).sw).toBe(SW.OK);
      expect(sleeps).toEqual([15, 450]);
    });

    it('does not wait for a signature it refuses', async () => {
      const { card, sleeps } = newCard(makeProfile((p) => void (p.latency = { signMs: 450 })));
      await selectFile(card, JPKI_EF.AUTH_KEY);
      await send(card, apdu.sign(sha256DigestInfo(message)));
      expect(sleeps).toEqual([]);
    });
  });

  describe('the card pulled mid-signature', () => {
    const pulled = () => makeProfile((p) => void (p.fault = { removeOn: 'sign' }));

    it('throws CardRemovedError instead of answering a signature', async () => {
      const { card } = newCard(pulled());
      await verifyPin(card, JPKI_EF.AUTH_PIN, PINS.auth);
      await send(card, apdu.selectEf(JPKI_EF.AUTH_KEY));
      await expect(card.transmit(apdu.sign(sha256DigestInfo(message)))).rejects.toBeInstanceOf(
        CardRemovedError,
      );
    });

    it('still answers a signature it refuses, and every other command', async () => {
      const { card } = newCard(pulled());
      await selectFile(card, JPKI_EF.AUTH_KEY);
      expect(swHex((await send(card, apdu.sign(sha256DigestInfo(message)))).sw)).toBe('69 82');
      await send(card, apdu.selectAid(AID.JPKI));
      expect((await send(card, apdu.selectEf(JPKI_EF.AUTH_CERT))).sw).toBe(SW.OK);
    });
  });
});
