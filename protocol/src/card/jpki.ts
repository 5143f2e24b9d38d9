import { hex } from '../bytes';

/**
 * The My Number Card as seen over ISO 7816-4: application IDs, elementary files, instructions and PIN rules.
 * Sources: shared/reference/jpki.md (OpenSC card-jpki.c / jpki.h, jpki/myna, jpki-rs). One place for every constant
 * the card mock, the bridge's driver and the tests need.
 */

/** Application identifiers, selected with `00 A4 04 0C Lc AID`. */
export const AID = {
  /** 公的個人認証 AP: certificates, keys and PINs for authentication and signature. */
  JPKI: hex('D3 92 F0 00 26 01 00 00 00 01'),
  /** 券面事項入力補助 AP: the basic four facts (and the My Number, which Madoguchi never reads). */
  CARD_INFO: hex('D3 92 10 00 31 00 01 01 04 08'),
  /** 券面 AP: the printed surface as images. Listed so that the mock can refuse it plausibly; never used. */
  CARD_SURFACE: hex('D3 92 10 00 31 00 01 01 04 02'),
} as const;

/** Elementary files of the JPKI AP, selected with `00 A4 02 0C 02 FID`. */
export const JPKI_EF = {
  SIGN_CERT: 0x0001,
  SIGN_CA_CERT: 0x0002,
  TOKEN_INFO: 0x0006,
  AUTH_CERT: 0x000a,
  AUTH_CA_CERT: 0x000b,
  AUTH_KEY: 0x0017,
  AUTH_PIN: 0x0018,
  SIGN_KEY: 0x001a,
  SIGN_PIN: 0x001b,
} as const;

/** Elementary files of the 券面事項入力補助 AP. */
export const CARD_INFO_EF = {
  /** The My Number (private tag 0x10, 12 ASCII digits). No Madoguchi component may ever select this EF. */
  MY_NUMBER: 0x0001,
  /** The basic four facts: FF20 { DF21 header, DF22 name, DF23 address, DF24 birth date, DF25 sex }. */
  BASIC_FOUR: 0x0002,
  /** Hash and signature over the My Number and the four facts. */
  INTEGRITY: 0x0003,
  PIN: 0x0011,
  PIN_A: 0x0014,
  PIN_B: 0x0015,
} as const;

/** Instruction bytes the JPKI applet answers. */
export const INS = {
  SELECT: 0xa4,
  READ_BINARY: 0xb0,
  VERIFY: 0x20,
  CHANGE_REFERENCE_DATA: 0x24,
  COMPUTE_DIGITAL_SIGNATURE: 0x2a,
} as const;

export const CLA = { ISO: 0x00, PROPRIETARY: 0x80 } as const;

/** SELECT parameters as OpenSC and jpki-rs send them: P2 = 0C (no FCI returned). */
export const SELECT_P1 = { BY_AID: 0x04, BY_FID: 0x02 } as const;
export const SELECT_P2_NO_FCI = 0x0c;
/** VERIFY / CHANGE REFERENCE DATA / COMPUTE DIGITAL SIGNATURE use P2 = 80 (the currently selected EF). */
export const P2_CURRENT_EF = 0x80;

export type PinKind = 'auth' | 'sign' | 'cardInfo';

export interface PinPolicy {
  readonly kind: PinKind;
  readonly minLength: number;
  readonly maxLength: number;
  /** Characters allowed, as a RegExp over the whole PIN. */
  readonly pattern: RegExp;
  readonly maxTries: number;
}

export const PIN_POLICY: Record<PinKind, PinPolicy> = {
  /** 利用者証明用電子証明書 PIN: 4 digits, 3 tries. */
  auth: { kind: 'auth', minLength: 4, maxLength: 4, pattern: /^[0-9]{4}$/, maxTries: 3 },
  /** 署名用電子証明書 PIN: 6–16 of A–Z and 0–9 with at least one of each, 5 tries. */
  sign: {
    kind: 'sign',
    minLength: 6,
    maxLength: 16,
    pattern: /^(?=.*[A-Z])(?=.*[0-9])[A-Z0-9]{6,16}$/,
    maxTries: 5,
  },
  /** 券面事項入力補助用 PIN: 4 digits, 3 tries. */
  cardInfo: { kind: 'cardInfo', minLength: 4, maxLength: 4, pattern: /^[0-9]{4}$/, maxTries: 3 },
};

/** Is this PIN acceptable to the card at all? Checked before anything is sent, so a typo never costs a try. */
export function isPinWellFormed(kind: PinKind, pin: string): boolean {
  return PIN_POLICY[kind].pattern.test(pin);
}

/** Token info EF (32 bytes, space padded). The older 住基カード says `JPKIAPICCTOKEN`. */
export const TOKEN_INFO_LABEL = 'JPKIAPICCTOKEN2';
export const TOKEN_INFO_LENGTH = 32;

/** ATRs seen on real cards (pcsc-tools smartcard_list.txt). */
export const ATR = {
  /** Contact interface; historical bytes carry C6 01 C0: command chaining plus extended Lc/Le. */
  CONTACT_EXTENDED: hex('3B DA 13 FF 81 31 FB 46 80 12 39 2F 31 C1 73 C6 01 C0 3B'),
  /** Contact interface, older generation: C6 01 00, neither chaining nor extended length. */
  CONTACT_SHORT: hex('3B C5 FF 81 31 FB 45 80 73 C6 01 00 00'),
  /** Contactless, as a PC/SC reader builds it from the ATQB. */
  CONTACTLESS: hex('3B 88 80 01 00 00 05 E0 B3 81 A1 00 7F'),
} as const;

/** Largest data a short READ BINARY returns (Le = 00 means 256; OpenSC and myna read at most FF at a time). */
export const SHORT_READ_MAX = 0xff;
/** Largest data an extended READ BINARY may ask for in one command on cards that offer it. */
export const EXTENDED_READ_MAX = 0xffff;
