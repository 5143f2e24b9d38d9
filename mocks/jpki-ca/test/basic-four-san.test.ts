import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { OID, type BasicFour } from '@madoguchi/protocol';
import fc from 'fast-check';
import { readBasicFour } from '../src';
import { basicFourAltNames } from '../src/basic-four-san';
import { buildCertificate } from '../src/certificate';
import { otherName, subjectAltName } from '../src/extensions';
import type * as der from '../src/der';
import { toPem } from '../src/pem';
import { HANAKO, T0 } from './helpers/facts';

describe('the basic four facts in a signature certificate SAN', () => {
  let publicKey: KeyObject;
  let keyPem: string;

  beforeAll(() => {
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    publicKey = pair.publicKey;
    keyPem = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  });

  /** A minimal certificate around the given extensions: all readBasicFour needs. */
  const certificate = (...extensions: der.Der[]): string =>
    toPem(
      buildCertificate({
        serial: '01',
        issuer: [['C', 'JP']],
        subject: [['C', 'JP']],
        notBefore: T0,
        notAfter: new Date('2030-01-01T00:00:00Z'),
        subjectPublicKey: publicKey,
        extensions,
        signingKeyPem: keyPem,
      }),
      'CERTIFICATE',
    );

  const factsArbitrary: fc.Arbitrary<BasicFour> = fc.record({
    name: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }),
    address: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 80 }),
    dateOfBirth: fc
      .date({
        min: new Date('1868-01-25T00:00:00Z'),
        max: new Date('2025-12-31T00:00:00Z'),
        noInvalidDate: true,
      })
      .map((d) => d.toISOString().slice(0, 10).replace(/-/g, '')),
    sex: fc.constantFrom('1' as const, '2' as const, '9' as const),
  });

  it('round-trips Japanese names and addresses', () => {
    expect(readBasicFour(certificate(subjectAltName(...basicFourAltNames(HANAKO))))).toEqual(HANAKO);
  });

  it('round-trips any facts the schema allows', () => {
    fc.assert(
      fc.property(factsArbitrary, (facts) => {
        expect(readBasicFour(certificate(subjectAltName(...basicFourAltNames(facts))))).toEqual(facts);
      }),
      { numRuns: 60 },
    );
  });

  it('encodes the date of birth with its era digit', () => {
    const dates = { '19120729': '1', '19120730': '2', '19261225': '3', '19890108': '4', '20190501': '5' };
    for (const [date, era] of Object.entries(dates)) {
      const pem = certificate(subjectAltName(...basicFourAltNames({ ...HANAKO, dateOfBirth: date })));
      expect(readBasicFour(pem).dateOfBirth).toBe(date);
      expect(Buffer.from(pem.replace(/-----[^-]+-----|\n/g, ''), 'base64').includes(`${era}${date}`)).toBe(
        true,
      );
    }
  });

  it.each([
    ['garbage', () => 'not a certificate', /not a certificate/],
    ['a certificate with no SAN', () => certificate(), /not a certificate with a readable subjectAltName/],
    [
      'a SAN without the sex',
      () => certificate(subjectAltName(otherName(OID.SAN_NAME, 'x'))),
      /no date of birth/,
    ],
    [
      'a date of birth with the wrong era digit',
      () =>
        certificate(
          subjectAltName(
            ...basicFourAltNames(HANAKO).slice(0, 3),
            otherName(OID.SAN_DATE_OF_BIRTH, '419500315'),
          ),
        ),
      /era digit/,
    ],
    [
      'a sex outside ISO 5218',
      () => certificate(subjectAltName(...basicFourAltNames({ ...HANAKO, sex: '3' as '1' }))),
      /out of range/,
    ],
  ])('refuses %s with CERT_MALFORMED', (_label, make, message) => {
    expect(() => readBasicFour(make())).toThrow(
      expect.objectContaining({ code: 'CERT_MALFORMED', message: expect.stringMatching(message) }),
    );
  });
});
