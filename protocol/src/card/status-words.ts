import type { ErrorCode } from '../errors';

/**
 * ISO 7816-4 status words the JPKI applet answers with. The card mock answers only these; the bridge maps each to an
 * error code with `errorCodeForStatusWord`.
 */
export const SW = {
  OK: 0x9000,
  /** Warning: end of file reached before Ne bytes were read (data returned is shorter). */
  END_OF_FILE: 0x6282,
  /** 63 Cx: verification failed or tries-left query; x = tries left. Build with `swTriesLeft`. */
  TRIES_LEFT_BASE: 0x63c0,
  WRONG_LENGTH: 0x6700,
  SECURITY_STATUS_NOT_SATISFIED: 0x6982,
  AUTH_METHOD_BLOCKED: 0x6983,
  CONDITIONS_NOT_SATISFIED: 0x6985,
  COMMAND_NOT_ALLOWED_NO_EF: 0x6986,
  WRONG_DATA: 0x6a80,
  FILE_NOT_FOUND: 0x6a82,
  INCORRECT_P1_P2: 0x6a86,
  WRONG_P1_P2: 0x6b00,
  INS_NOT_SUPPORTED: 0x6d00,
  CLA_NOT_SUPPORTED: 0x6e00,
  NO_PRECISE_DIAGNOSIS: 0x6f00,
} as const;

export type StatusWord = number;

export function swTriesLeft(tries: number): StatusWord {
  if (!Number.isInteger(tries) || tries < 0 || tries > 15)
    throw new RangeError(`tries out of range: ${tries}`);
  return SW.TRIES_LEFT_BASE | tries;
}

/** The tries left in a `63 Cx` status word, or undefined for any other word. */
export function triesLeftOf(sw: StatusWord): number | undefined {
  return (sw & 0xfff0) === SW.TRIES_LEFT_BASE ? sw & 0x0f : undefined;
}

export function isStatusWord(sw: number): boolean {
  return Number.isInteger(sw) && sw >= 0x6000 && sw <= 0x9fff && (sw >> 8 !== 0x60 || sw === 0x6000);
}

export function swHex(sw: StatusWord): string {
  return sw
    .toString(16)
    .toUpperCase()
    .padStart(4, '0')
    .replace(/^(..)(..)$/, '$1 $2');
}

/**
 * The error code for a status word that means refusal. `63 C0` and `69 83` both mean the PIN is blocked; any other
 * `63 Cx` is a wrong PIN with x tries left. Returns undefined for success words.
 */
export function errorCodeForStatusWord(sw: StatusWord): ErrorCode | undefined {
  if (sw === SW.OK || sw === SW.END_OF_FILE) return undefined;
  const tries = triesLeftOf(sw);
  if (tries !== undefined) return tries === 0 ? 'PIN_BLOCKED' : 'PIN_WRONG';
  switch (sw) {
    case SW.AUTH_METHOD_BLOCKED:
      return 'PIN_BLOCKED';
    case SW.SECURITY_STATUS_NOT_SATISFIED:
    case SW.CONDITIONS_NOT_SATISFIED:
      return 'CARD_ACCESS_DENIED';
    case SW.FILE_NOT_FOUND:
      return 'CARD_FILE_NOT_FOUND';
    default:
      return 'CARD_BAD_RESPONSE';
  }
}
