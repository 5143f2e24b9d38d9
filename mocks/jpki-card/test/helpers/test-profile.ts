import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { BasicFour } from '@madoguchi/protocol';
import type { CardProfile } from '../../src/profile/card-profile';

/** Fixtures for card tests. RSA keys are made once per test file (module scope), so suites stay fast. */

export const PINS = { auth: '1234', sign: 'ABC123', cardInfo: '5678' } as const;
export const FAKE_MY_NUMBER = '000000000000';
export const FACTS: BasicFour = {
  name: '窓口 花子',
  address: '徳島県海部郡美波町奥河内字本村18番地1',
  dateOfBirth: '19440315',
  sex: '2',
};

interface KeyPair {
  publicKey: KeyObject;
  pem: string;
}

let keys: { auth: KeyPair; sign: KeyPair } | undefined;

export function testKeys(): { auth: KeyPair; sign: KeyPair } {
  keys ??= { auth: keyPair(), sign: keyPair() };
  return keys;
}

function keyPair(): KeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { publicKey, pem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
}

/**
 * A DER-looking blob of `size` bytes: `30 82 hi lo` (so OpenSC's 4-byte size read works) then a pattern that makes
 * an offset mistake visible. The card never parses certificates.
 */
export function fakeDer(size: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(size).map((_, i) => (i * 7 + seed) & 0xff);
  bytes.set([0x30, 0x82, (size - 4) >> 8, (size - 4) & 0xff]);
  return bytes;
}

export const CERTS = {
  auth: fakeDer(1500, 1),
  authCa: fakeDer(900, 2),
  sign: fakeDer(1800, 3),
  signCa: fakeDer(950, 4),
};

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

/** A healthy adult's card; `edit` changes a fresh copy (e.g. `p => { p.extendedLength = false; }`). */
export function makeProfile(edit: (profile: CardProfile) => void = () => undefined): CardProfile {
  const { auth, sign } = testKeys();
  const profile: CardProfile = {
    name: 'test',
    description: 'a card for unit tests',
    extendedLength: true,
    jpki: {
      authCert: b64(CERTS.auth),
      authKey: auth.pem,
      authCaCert: b64(CERTS.authCa),
      authPin: PINS.auth,
      signCert: b64(CERTS.sign),
      signKey: sign.pem,
      signCaCert: b64(CERTS.signCa),
      signPin: PINS.sign,
    },
    cardInfo: { pin: PINS.cardInfo, basicFour: { ...FACTS }, myNumber: FAKE_MY_NUMBER },
  };
  edit(profile);
  return profile;
}

/** A holder under 15: no signature certificate, key or PIN. */
export function under15Profile(): CardProfile {
  return makeProfile((p) => {
    delete p.jpki.signCert;
    delete p.jpki.signKey;
    delete p.jpki.signPin;
  });
}
