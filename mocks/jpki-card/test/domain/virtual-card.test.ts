import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verify } from 'node:crypto';
import { AID, ATR, hex, JPKI_EF, sha256DigestInfo, SW, swHex, swTriesLeft, toHex } from '@madoguchi/protocol';
import { VirtualCard } from '../../src/domain/virtual-card';
import { createFileCounterStore } from '../../src/profile/file-counter-store';
import { apdu, send } from '../helpers/apdu';
import { newCard, selectFile } from '../helpers/card';
import { CERTS, makeProfile, PINS, testKeys } from '../helpers/test-profile';

describe('VirtualCard', () => {
  describe('ATR', () => {
    it('is the extended-length contact ATR on an extended-length card', () => {
      expect(newCard().card.atr).toEqual(ATR.CONTACT_EXTENDED);
    });

    it('is the short contact ATR on a short-only card', () => {
      expect(newCard(makeProfile((p) => void (p.extendedLength = false))).card.atr).toEqual(
        ATR.CONTACT_SHORT,
      );
    });

    it("is the profile's own ATR when it names one", () => {
      const atr = toHex(ATR.CONTACTLESS);
      expect(newCard(makeProfile((p) => void (p.atr = atr))).card.atr).toEqual(ATR.CONTACTLESS);
    });

    it('cannot be changed through the array it returns', () => {
      const { card } = newCard();
      card.atr.fill(0);
      expect(card.atr).toEqual(ATR.CONTACT_EXTENDED);
    });
  });

  describe('framing, class and instruction', () => {
    it.each([
      ['an empty command', ''],
      ['a 3-byte command', '00 A4 04'],
      ['Lc longer than the data', '00 A4 04 0C 0A D3 92'],
      ['Lc shorter than the data by two', '00 A4 02 0C 01 00 0A 00'],
      ['a truncated extended length', '00 B0 00 00 00 01'],
      ['an extended Lc of zero', '00 20 00 80 00 00 00 31'],
    ])('answers 67 00 to %s', async (_name, command) => {
      expect(swHex((await send(newCard().card, command)).sw)).toBe('67 00');
    });

    it.each([
      ['CLA 01 (logical channel 1)', '01 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01'],
      ['CLA 0C (secure messaging)', '0C B0 00 00 04'],
      ['CLA 10 (chaining)', '10 20 00 80'],
      ['CLA FF (PC/SC pseudo-APDU)', 'FF CA 00 00 00'],
      ['CLA 84', '84 2A 00 80 01 AA 00'],
      ['CLA 80 with SELECT', '80 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01'],
      ['CLA 80 with READ BINARY', '80 B0 00 00 04'],
      ['CLA 80 with VERIFY', '80 20 00 80'],
      ['CLA 00 with COMPUTE DIGITAL SIGNATURE', '00 2A 00 80 01 AA 00'],
    ])('answers 6E 00 to %s', async (_name, command) => {
      expect(swHex((await send(newCard().card, command)).sw)).toBe('6E 00');
    });

    it.each([
      ['GET RESPONSE', '00 C0 00 00 00'],
      ['GET CHALLENGE', '00 84 00 00 08'],
      ['INTERNAL AUTHENTICATE', '00 88 00 00 01 AA 00'],
      ['UPDATE BINARY', '00 D6 00 00 01 AA'],
      ['GET DATA', '00 CA 00 6E 00'],
      ['MANAGE SECURITY ENVIRONMENT', '00 22 41 B6 03 84 01 01'],
      ['an unknown proprietary instruction', '80 50 00 00'],
    ])('answers 6D 00 to %s', async (_name, command) => {
      expect(swHex((await send(newCard().card, command)).sw)).toBe('6D 00');
    });

    it('answers 67 00 to any extended-length APDU on a short-only card', async () => {
      const { card } = newCard(makeProfile((p) => void (p.extendedLength = false)));
      const extendedSelect = hex('00 A4 04 0C 00 00 0A D3 92 F0 00 26 01 00 00 00 01');
      expect(swHex((await send(card, extendedSelect)).sw)).toBe('67 00');
      expect((await send(newCard().card, extendedSelect)).sw).toBe(SW.OK);
    });
  });

  describe('reset', () => {
    it('deselects the application and the EF', async () => {
      const { card } = newCard();
      await selectFile(card, JPKI_EF.AUTH_CERT);
      card.reset();
      expect(swHex((await send(card, apdu.readBinary(0, 4))).sw)).toBe('69 86');
      expect(swHex((await send(card, apdu.selectEf(JPKI_EF.AUTH_CERT))).sw)).toBe('6A 82');
    });
  });

  describe('latency', () => {
    it('asks for the per-APDU delay on every APDU, answered or refused', async () => {
      const { card, sleeps } = newCard(makeProfile((p) => void (p.latency = { apduMs: 15 })));
      await send(card, apdu.selectAid(AID.JPKI));
      await send(card, '00 C0 00 00 00');
      await send(card, '00');
      expect(sleeps).toEqual([15, 15, 15]);
    });

    it('asks for no delay on a card without latency', async () => {
      const { card, sleeps } = newCard();
      await selectFile(card, JPKI_EF.AUTH_CERT);
      expect(sleeps).toEqual([]);
    });

    it('waits on real timers when no sleep is injected', async () => {
      const card = new VirtualCard(makeProfile((p) => void (p.latency = { apduMs: 30 })));
      const started = performance.now();
      await card.transmit(apdu.selectAid(AID.JPKI));
      expect(performance.now() - started).toBeGreaterThanOrEqual(25);
    });
  });

  it('answers APDUs one at a time, in order, even when the caller does not wait', async () => {
    let release: () => void = () => undefined;
    const card = new VirtualCard(
      makeProfile((p) => void (p.latency = { apduMs: 1 })),
      { sleep: () => new Promise<void>((resolve) => (release = resolve)) },
    );
    const select = card.transmit(apdu.selectAid(AID.JPKI));
    const selectEf = card.transmit(apdu.selectEf(JPKI_EF.AUTH_CERT));
    const read = card.transmit(apdu.readBinary(0, 4));
    for (let i = 0; i < 3; i++) {
      await new Promise((r) => setImmediate(r));
      release();
    }
    expect((await Promise.all([select, selectEf, read])).map((r) => toHex(r))).toEqual([
      '90 00',
      '90 00',
      `${toHex(CERTS.auth.slice(0, 4))} 90 00`,
    ]);
  });

  it('does not see a command buffer changed after transmit was called (a Buffer, as vpcd delivers)', async () => {
    const { card } = newCard();
    const command = Buffer.from(apdu.selectAid(AID.JPKI));
    const answer = card.transmit(command);
    command.fill(0);
    expect(toHex(await answer)).toBe('90 00');
  });

  describe('as real clients drive it', () => {
    it("OpenSC's jpki driver: bind, read the certificate, query the PIN, log in, sign", async () => {
      const { card } = newCard();
      const message = Buffer.from('to be signed');
      const script: Array<[string, string | Uint8Array, number]> = [
        ['select AP', apdu.selectAid(AID.JPKI), SW.OK],
        ['select auth cert', apdu.selectEf(JPKI_EF.AUTH_CERT), SW.OK],
        ['read size', apdu.readBinary(0, 4), SW.OK],
        ['select auth PIN', apdu.selectEf(JPKI_EF.AUTH_PIN), SW.OK],
        ['tries left', apdu.verify(), swTriesLeft(3)],
        ['login', apdu.verify(PINS.auth), SW.OK],
        ['select auth key', apdu.selectEf(JPKI_EF.AUTH_KEY), SW.OK],
        ['sign', apdu.sign(sha256DigestInfo(message)), SW.OK],
      ];
      const results = [];
      for (const [step, command] of script) {
        const r = await send(card, command);
        results.push([step, swHex(r.sw)]);
        if (step === 'sign') expect(verify('sha256', message, testKeys().auth.publicKey, r.data)).toBe(true);
      }
      expect(results).toEqual(script.map(([step, , sw]) => [step, swHex(sw)]));
    });
  });

  describe('PIN counters in a file', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'jpki-card-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('carry a wrong try and a block from one card object (one run) to the next', async () => {
      const path = join(dir, 'counters.json');
      const first = newCard(makeProfile(), createFileCounterStore(path)).card;
      await selectFile(first, JPKI_EF.AUTH_PIN);
      expect(swHex((await send(first, apdu.verify('0000'))).sw)).toBe('63 C2');

      const second = newCard(makeProfile(), createFileCounterStore(path)).card;
      await selectFile(second, JPKI_EF.AUTH_PIN);
      expect(swHex((await send(second, apdu.verify())).sw)).toBe('63 C2');
      await send(second, apdu.verify('0000'));
      await send(second, apdu.verify('0000'));

      const third = newCard(makeProfile(), createFileCounterStore(path)).card;
      await selectFile(third, JPKI_EF.AUTH_PIN);
      expect(swHex((await send(third, apdu.verify(PINS.auth))).sw)).toBe('69 83');
      await selectFile(third, JPKI_EF.SIGN_PIN);
      expect(swHex((await send(third, apdu.verify())).sw)).toBe('63 C5');
    });
  });
});
