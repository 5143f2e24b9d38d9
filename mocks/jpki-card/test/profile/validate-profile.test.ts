import { generateKeyPairSync } from 'node:crypto';
import { MadoguchiError } from '@madoguchi/protocol';
import type { CardProfile } from '../../src/profile/card-profile';
import { validateProfile } from '../../src/profile/validate-profile';
import { makeProfile, under15Profile } from '../helpers/test-profile';

/** The CONFIG_INVALID message validateProfile throws for `value`, or undefined if it passes. */
function refusal(value: unknown): string | undefined {
  try {
    validateProfile(value, 'cards/test.json');
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(MadoguchiError);
    expect((error as MadoguchiError).code).toBe('CONFIG_INVALID');
    return (error as MadoguchiError).message;
  }
}

/** A fresh profile with the value at a dotted `path` replaced, or deleted when `value` is undefined. */
function withValue(path: string, value: unknown): unknown {
  const profile: unknown = structuredClone(makeProfile());
  const keys = path.split('.');
  const last = keys.pop()!;
  const parent = keys.reduce((node, key) => (node as Record<string, unknown>)[key], profile) as Record<
    string,
    unknown
  >;
  if (value === undefined) delete parent[last];
  else parent[last] = value;
  return profile;
}

describe('validateProfile', () => {
  it('accepts a full profile and returns it as is', () => {
    const profile = makeProfile();
    expect(validateProfile(profile)).toBe(profile);
  });

  it('accepts an under-15 profile (no signature certificate, key or PIN)', () => {
    expect(refusal(under15Profile())).toBeUndefined();
  });

  it('accepts every optional setting', () => {
    const profile = makeProfile((p: CardProfile) => {
      p.atr = '3B 88 80 01 00 00 05 E0 B3 81 A1 00 7F';
      p.latency = { apduMs: 15, signMs: 450 };
      p.fault = { removeOn: 'sign' };
      p.jpki.tries = { auth: 0, sign: 5 };
      p.cardInfo.tries = 3;
    });
    expect(refusal(profile)).toBeUndefined();
  });

  it.each([
    ['no name', 'name', undefined, 'name: Expected required property'],
    ['a typo in a key', 'extendedLenght', true, 'extendedLenght: Unexpected property'],
    ['an unknown jpki key', 'jpki.authPIN', '1234', 'jpki.authPIN: Unexpected property'],
    ['a 5-digit auth PIN', 'jpki.authPin', '12345', 'jpki.authPin: Expected string to match'],
    ['a sign PIN without a digit', 'jpki.signPin', 'ABCDEF', 'jpki.signPin: Expected string to match'],
    ['a lower-case sign PIN', 'jpki.signPin', 'abc123', 'jpki.signPin: Expected string to match'],
    ['a card-info PIN of letters', 'cardInfo.pin', 'ABCD', 'cardInfo.pin: Expected string to match'],
    ['4 auth tries', 'jpki.tries', { auth: 4 }, 'jpki.tries.auth: Expected integer to be less'],
    ['6 sign tries', 'jpki.tries', { sign: 6 }, 'jpki.tries.sign: Expected integer to be less'],
    ['-1 card-info tries', 'cardInfo.tries', -1, 'cardInfo.tries: Expected integer to be greater'],
    ['a certificate that is not base64', 'jpki.authCert', 'not base64!', 'jpki.authCert:'],
    ['a key that is not PEM', 'jpki.authKey', 'MIIEvQ', 'jpki.authKey: Expected string to match'],
    ['an ATR that is not hex', 'atr', '3B ZZ', 'atr: Expected string to match'],
    ['a removal on anything but sign', 'fault', { removeOn: 'read' }, 'fault.removeOn:'],
    ['a negative latency', 'latency', { signMs: -1 }, 'latency.signMs:'],
    ['a My Number of 11 digits', 'cardInfo.myNumber', '00000000000', 'cardInfo.myNumber:'],
    ['a basic-four sex outside ISO 5218', 'cardInfo.basicFour.sex', '3', 'cardInfo.basicFour.sex:'],
    ['a sign certificate without its key', 'jpki.signKey', undefined, 'jpki.signKey: required with'],
    ['a sign PIN without its certificate', 'jpki.signCert', undefined, 'jpki.signCert: required with'],
  ])('refuses %s, naming the key', (_name, path, value, reason) => {
    const message = refusal(withValue(path, value));
    const want = `cards/test.json: ${reason}`;
    expect(message?.slice(0, want.length)).toBe(want);
  });

  it.each([
    ['an EC key', () => generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey],
    ['an RSA-1024 key', () => generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey],
  ])('refuses %s: the card holds RSA-2048 keys', (_name, makeKey) => {
    const pem = makeKey().export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(refusal(withValue('jpki.signKey', pem))).toBe(
      'cards/test.json: jpki.signKey: not an RSA-2048 private key',
    );
  });

  it('refuses a document that is not an object', () => {
    expect(refusal(['card'])).toBe('cards/test.json: (root): Expected object');
  });

  it('refuses a PEM that does not parse', () => {
    const bad = '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n';
    expect(refusal(withValue('jpki.authKey', bad))).toBe(
      'cards/test.json: jpki.authKey: not a PEM private key',
    );
  });

  it('never echoes a PIN in its message', () => {
    expect(refusal(withValue('jpki.signPin', 'SECRETPIN'))).not.toContain('SECRETPIN');
  });
});
