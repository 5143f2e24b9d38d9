import { constants, verify as rsaVerify, X509Certificate } from 'node:crypto';
import { DEMO_FACTS } from '@madoguchi/jpki-card';
import { ATR, CARD_INFO_EF, hex, sha256DigestInfo, toHex, INS, type CardChannel } from '@madoguchi/protocol';
import { JpkiCard } from '../../src/domain/jpki-card';
import { PinSecret } from '../../src/domain/pin-secret';
import { DEMO, inserted, profile, PROFILE_NAMES, recording } from '../helpers/cards';

const pin = (text: string) => PinSecret.fromText(text);
const der = (b64: string) => Uint8Array.from(Buffer.from(b64, 'base64'));

/** Verifies an RSASSA-PKCS1-v1_5 SHA-256 signature over `data` with the certificate's key. */
function signatureValid(certificate: Uint8Array, data: Uint8Array, signature: Uint8Array): boolean {
  const key = new X509Certificate(certificate).publicKey;
  return rsaVerify('sha256', data, { key, padding: constants.RSA_PKCS1_PADDING }, signature);
}

describe('JpkiCard on every standard card', () => {
  it.each(PROFILE_NAMES)(
    '%s: reads the authentication certificate and its CA, never the My Number',
    async (name) => {
      const { card, channel } = await inserted(name);
      const p = await profile(name);
      const driver = new JpkiCard(channel);
      expect(toHex(await driver.readCertificate('auth'))).toBe(toHex(der(p.jpki.authCert)));
      expect(toHex(await driver.readCertificate('authCa'))).toBe(toHex(der(p.jpki.authCaCert)));
      expect(card.myNumberSelects).toBe(0);
    },
  );

  it.each(PROFILE_NAMES.filter((n) => n !== 'auth-pin-blocked' && n !== 'pulled-mid-signature'))(
    '%s: verifies the auth PIN and signs a DigestInfo the certificate verifies',
    async (name) => {
      const { channel } = await inserted(name);
      const driver = new JpkiCard(channel);
      const data = Buffer.from(`challenge for ${name}`);
      const certificate = await driver.readCertificate('auth');
      await driver.verifyPin('auth', pin(DEMO.auth));
      const signature = await driver.sign('auth', sha256DigestInfo(data));
      expect(signature).toHaveLength(256);
      expect(signatureValid(certificate, data, signature)).toBe(true);
    },
  );
});

describe('JpkiCard reads', () => {
  it('reads a certificate in one extended READ BINARY when the ATR offers extended length', async () => {
    const { channel } = await inserted('valid');
    const rec = recording(channel);
    await new JpkiCard(rec.channel).readCertificate('auth');
    const reads = rec.commands.filter((c) => c[1] === INS.READ_BINARY);
    expect(reads).toHaveLength(1);
    expect(toHex(reads[0]!)).toBe('00 B0 00 00 00 00 00');
  });

  it('reads short chunks of at most FF on a short-only card, sizing the file from its DER header', async () => {
    const { channel } = await inserted('no-extended-length');
    const rec = recording(channel);
    const cert = await new JpkiCard(rec.channel).readCertificate('auth');
    const reads = rec.commands.filter((c) => c[1] === INS.READ_BINARY);
    expect(reads.every((c) => c.length === 5 && c[4]! <= 0xff && c[4]! > 0)).toBe(true);
    expect(reads).toHaveLength(Math.ceil(cert.length / 0xff));
    expect(new X509Certificate(cert).subject).toBeTruthy();
  });

  it('probes once when the ATR says nothing (contactless) and falls back to short reads', async () => {
    const { channel } = await inserted('no-extended-length', { atr: toHex(ATR.CONTACTLESS) });
    const rec = recording(channel);
    const driver = new JpkiCard(rec.channel);
    const cert = await driver.readCertificate('auth');
    await driver.readCertificate('authCa');
    const extended = rec.commands.filter((c) => c[1] === INS.READ_BINARY && c.length === 7);
    expect(extended).toHaveLength(1);
    expect(toHex(cert)).toBe(toHex(der((await profile('no-extended-length')).jpki.authCert)));
  });

  it('uses extended reads after a successful probe on an unknown ATR', async () => {
    const { channel } = await inserted('valid', { atr: toHex(ATR.CONTACTLESS) });
    const rec = recording(channel);
    const driver = new JpkiCard(rec.channel);
    await driver.readCertificate('auth');
    await driver.readCertificate('signCa');
    expect(rec.commands.filter((c) => c[1] === INS.READ_BINARY && c.length === 7)).toHaveLength(2);
  });

  it('refuses the signature certificate without the sign PIN and reads it after', async () => {
    const { channel } = await inserted('valid');
    const driver = new JpkiCard(channel);
    await expect(driver.readCertificate('sign')).rejects.toMatchObject({ code: 'CARD_ACCESS_DENIED' });
    await driver.verifyPin('sign', pin(DEMO.sign));
    const cert = await driver.readCertificate('sign');
    expect(toHex(cert)).toBe(toHex(der((await profile('valid')).jpki.signCert!)));
    const data = Buffer.from('a document');
    expect(signatureValid(cert, data, await driver.sign('sign', sha256DigestInfo(data)))).toBe(true);
  });

  it('reads the basic four facts with the card-info PIN, never selecting the My Number EF', async () => {
    const { card, channel } = await inserted('valid');
    const rec = recording(channel);
    const driver = new JpkiCard(rec.channel);
    await driver.verifyPin('cardInfo', pin(DEMO.cardInfo));
    expect(await driver.readBasicFour()).toEqual(DEMO_FACTS);
    expect(card.myNumberSelects).toBe(0);
    const myNumberSelect = toHex(Uint8Array.of(0x00, 0xa4, 0x02, 0x0c, 0x02, 0x00, CARD_INFO_EF.MY_NUMBER));
    expect(rec.commands.map((c) => toHex(c))).not.toContain(myNumberSelect);
  });

  it('says CARD_NO_SIGN_CERT for a holder under 15', async () => {
    const { channel } = await inserted('under-15');
    const driver = new JpkiCard(channel);
    await expect(driver.pinStatus('sign')).rejects.toMatchObject({ code: 'CARD_NO_SIGN_CERT' });
    await expect(driver.readCertificate('sign')).rejects.toMatchObject({ code: 'CARD_NO_SIGN_CERT' });
  });

  it('says CARD_NOT_JPKI when the card has no JPKI AP', async () => {
    const channel: CardChannel = { atr: ATR.CONTACTLESS, transmit: async () => hex('6A 82') };
    await expect(new JpkiCard(channel).readCertificate('auth')).rejects.toMatchObject({
      code: 'CARD_NOT_JPKI',
    });
  });
});

describe('JpkiCard PINs', () => {
  it('reports tries left without spending one, and a wrong PIN with the tries that remain', async () => {
    const { channel } = await inserted('valid');
    const driver = new JpkiCard(channel);
    expect(await driver.pinStatus('auth')).toBe(3);
    await expect(driver.verifyPin('auth', pin('9999'))).rejects.toMatchObject({
      code: 'PIN_WRONG',
      triesLeft: 2,
    });
    expect(await driver.pinStatus('auth')).toBe(2);
    await driver.verifyPin('auth', pin(DEMO.auth));
    expect(await driver.pinStatus('auth')).toBe(3);
    expect(await driver.pinStatus('sign')).toBe(5);
    expect(await driver.pinStatus('cardInfo')).toBe(3);
  });

  it('refuses a malformed PIN before sending anything: PIN_FORMAT, no try used', async () => {
    const { channel } = await inserted('one-try-left');
    const rec = recording(channel);
    const driver = new JpkiCard(rec.channel);
    for (const [kind, bad] of [
      ['auth', '123'],
      ['auth', '12a4'],
      ['sign', 'abc123'],
      ['sign', 'ABCDEF'],
      ['cardInfo', '12345'],
    ] as const) {
      await expect(driver.verifyPin(kind, pin(bad))).rejects.toMatchObject({ code: 'PIN_FORMAT' });
    }
    expect(rec.commands).toHaveLength(0);
    expect(await driver.pinStatus('auth')).toBe(1);
  });

  it('says PIN_BLOCKED for a blocked PIN, in the status and on VERIFY', async () => {
    const { channel } = await inserted('auth-pin-blocked');
    const driver = new JpkiCard(channel);
    expect(await driver.pinStatus('auth')).toBe(0);
    await expect(driver.verifyPin('auth', pin(DEMO.auth))).rejects.toMatchObject({
      code: 'PIN_BLOCKED',
      triesLeft: 0,
    });
  });

  it('blocks on the last wrong try', async () => {
    const { channel } = await inserted('one-try-left');
    const driver = new JpkiCard(channel);
    await expect(driver.verifyPin('auth', pin('0000'))).rejects.toMatchObject({
      code: 'PIN_BLOCKED',
      triesLeft: 0,
    });
  });

  it('wipes the VERIFY command buffer once it is sent', async () => {
    const { channel } = await inserted('valid');
    const sent: Uint8Array[] = [];
    const spy: CardChannel = {
      atr: channel.atr,
      transmit: (c) => {
        sent.push(c);
        return channel.transmit(c);
      },
    };
    await new JpkiCard(spy).verifyPin('auth', pin(DEMO.auth));
    const verify = sent[2]!; // SELECT AP, SELECT PIN EF, VERIFY
    expect(verify).toHaveLength(5 + DEMO.auth.length);
    expect(verify.every((b) => b === 0)).toBe(true);
  });
});

describe('JpkiCard state', () => {
  it('says CARD_REMOVED when the card leaves mid-signature, and works again on the next insert', async () => {
    const { channel } = await inserted('pulled-mid-signature');
    const driver = new JpkiCard(channel);
    await driver.verifyPin('auth', pin(DEMO.auth));
    await expect(driver.sign('auth', sha256DigestInfo(Buffer.from('x')))).rejects.toMatchObject({
      code: 'CARD_REMOVED',
    });
    await expect(driver.pinStatus('auth')).rejects.toMatchObject({ code: 'CARD_REMOVED' });
    channel.insert();
    expect(await driver.pinStatus('auth')).toBe(3);
  });

  it('selects the AP again after a failed transmit (the card may have been reset or reconnected)', async () => {
    const { channel } = await inserted('valid');
    const rec = recording(channel);
    const driver = new JpkiCard(rec.channel);
    await driver.pinStatus('auth');
    channel.remove();
    await expect(driver.pinStatus('auth')).rejects.toMatchObject({ code: 'CARD_REMOVED' });
    channel.insert(); // the card came back powered afresh: nothing selected on it
    expect(await driver.pinStatus('auth')).toBe(3);
    const selectsOfAp = rec.commands.filter((c) => c[1] === INS.SELECT && c[2] === 0x04);
    expect(selectsOfAp).toHaveLength(2);
  });

  it('maps a response with no status word to CARD_BAD_RESPONSE and transport failures to CARD_UNREADABLE', async () => {
    const short: CardChannel = { atr: ATR.CONTACTLESS, transmit: async () => Uint8Array.of(0x90) };
    await expect(new JpkiCard(short).selectAp()).rejects.toMatchObject({ code: 'CARD_BAD_RESPONSE' });
    const broken: CardChannel = {
      atr: ATR.CONTACTLESS,
      transmit: async () => {
        throw new Error('socket closed');
      },
    };
    await expect(new JpkiCard(broken).selectAp()).rejects.toMatchObject({ code: 'CARD_UNREADABLE' });
  });

  it('never treats a non-TLV EF as a certificate', async () => {
    const replies = [hex('90 00'), hex('90 00'), hex('00 00 00 00 90 00')];
    const channel: CardChannel = {
      atr: ATR.CONTACT_EXTENDED,
      transmit: async () => replies.shift() ?? hex('6F 00'),
    };
    await expect(new JpkiCard(channel).readCertificate('auth')).rejects.toMatchObject({
      code: 'CARD_BAD_RESPONSE',
    });
  });
});
