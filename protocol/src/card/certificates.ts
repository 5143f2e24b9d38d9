/**
 * JPKI certificate profile facts shared by the test CA (which issues them) and the verifier (which checks them).
 * Sources: jpki.md §2 (J-LIS trust anchors as decoded by jpki/myna, ZeroKeyMate, jsrsasign-oid-jpki).
 */

/** Subject = issuer DN of each self-signed JPKI root, as ordered attribute pairs (C, O, OU, OU). */
export const CA_SUBJECT = {
  auth: [
    ['C', 'JP'],
    ['O', 'JPKI'],
    ['OU', 'JPKI for user authentication'],
    ['OU', 'Japan Agency for Local Authority Information Systems'],
  ],
  sign: [
    ['C', 'JP'],
    ['O', 'JPKI'],
    ['OU', 'JPKI for digital signature'],
    ['OU', 'Japan Agency for Local Authority Information Systems'],
  ],
} as const satisfies Record<string, ReadonlyArray<readonly [string, string]>>;

/** The roots' subjectAltName dirName: C=JP, O=公的個人認証サービス. */
export const CA_ALT_NAME_ORG = '公的個人認証サービス';

export const OID = {
  /** 署名用電子証明書 certificate policy (production). */
  POLICY_SIGN: '1.2.392.200149.8.5.1.1.20',
  /** The same in the J-LIS test environment: our test CA uses this, so a test certificate never looks real. */
  POLICY_SIGN_TEST: '1.2.392.200149.8.5.1.0.20',
  /** 利用者証明用電子証明書 certificate policy. */
  POLICY_AUTH: '1.2.392.200149.8.5.1.3.30',
  /** CPS qualifier URI used with the policies. */
  CPS_URI: 'http://www.jpki.go.jp/cps.html',
  /** otherName arc for the basic four facts in the signature certificate's subjectAltName. */
  SAN_NAME: '1.2.392.200149.8.5.5.1',
  SAN_NAME_SUBSTITUTE: '1.2.392.200149.8.5.5.2',
  SAN_SEX: '1.2.392.200149.8.5.5.3',
  /** An era digit followed by YYYYMMDD, e.g. 319801231. */
  SAN_DATE_OF_BIRTH: '1.2.392.200149.8.5.5.4',
  SAN_ADDRESS: '1.2.392.200149.8.5.5.5',
  SAN_ADDRESS_SUBSTITUTE: '1.2.392.200149.8.5.5.6',
} as const;

/** Era digits as used in the SAN date of birth (jpki.md lists the mapping as unconfirmed; this is our choice). */
export const ERA_DIGIT = { meiji: '1', taisho: '2', showa: '3', heisei: '4', reiwa: '5' } as const;

/** The era digit for a Gregorian YYYYMMDD birth date. */
export function eraDigitFor(dateOfBirth: string): string {
  const d = Number(dateOfBirth);
  if (d >= 20190501) return ERA_DIGIT.reiwa;
  if (d >= 19890108) return ERA_DIGIT.heisei;
  if (d >= 19261225) return ERA_DIGIT.showa;
  if (d >= 19120730) return ERA_DIGIT.taisho;
  return ERA_DIGIT.meiji;
}
