import {
  AID,
  CARD_INFO_EF,
  cardCommands,
  decodeBasicFour,
  decodeResponse,
  errorCodeForStatusWord,
  EXTENDED_READ_MAX,
  isMadoguchiError,
  JPKI_EF,
  MadoguchiError,
  PIN_POLICY,
  SHORT_READ_MAX,
  SW,
  swHex,
  triesLeftOf,
  type BasicFour,
  type CardChannel,
  type ErrorCode,
  type PinKind,
  type ResponseApdu,
} from '@madoguchi/protocol';
import { extendedLengthSupport } from '../protocol/atr';
import { tlvTotalLength } from '../protocol/tlv-length';
import type { PinSecret } from './pin-secret';

export type KeyKind = 'auth' | 'sign';
export type CertificateKind = 'auth' | 'sign' | 'authCa' | 'signCa';
type Application = 'jpki' | 'cardInfo';

/** Where each object lives: the driver's data tables (as OpenSC keeps jpki.h apart from card-jpki.c). */
const APPLICATION_AID: Record<Application, Uint8Array> = { jpki: AID.JPKI, cardInfo: AID.CARD_INFO };
const CERTIFICATE_EF: Record<CertificateKind, number> = {
  auth: JPKI_EF.AUTH_CERT,
  sign: JPKI_EF.SIGN_CERT,
  authCa: JPKI_EF.AUTH_CA_CERT,
  signCa: JPKI_EF.SIGN_CA_CERT,
};
const PIN_EF: Record<PinKind, { app: Application; fid: number }> = {
  auth: { app: 'jpki', fid: JPKI_EF.AUTH_PIN },
  sign: { app: 'jpki', fid: JPKI_EF.SIGN_PIN },
  cardInfo: { app: 'cardInfo', fid: CARD_INFO_EF.PIN },
};
const KEY_EF: Record<KeyKind, number> = { auth: JPKI_EF.AUTH_KEY, sign: JPKI_EF.SIGN_KEY };
/** Files that only a card with a signature certificate has: their absence means "no sign certificate". */
const SIGN_ONLY_EFS: ReadonlySet<number> = new Set([JPKI_EF.SIGN_CERT, JPKI_EF.SIGN_KEY, JPKI_EF.SIGN_PIN]);

/** What the EFs start with: a certificate is a DER SEQUENCE, the basic-four EF the FF20 container. */
const DER_SEQUENCE = 0x30;
const BASIC_FOUR_FIRST_BYTE = 0xff;
/** READ BINARY offsets are 15 bits. */
const MAX_OFFSET = 0x7fff;
/** Extended Le "00 00": everything up to the end of the file (ISO 7816-4 §11.2.3), so a whole certificate in one APDU. */
const EXTENDED_READ_ALL = 65536;

/** The driver's one state struct: what is selected on the card, and how it reads. */
interface DriverState {
  app: Application | undefined;
  ef: number | undefined;
  extendedReads: boolean | undefined;
}

/**
 * The JPKI card driver, pure over a CardChannel: each operation builds its APDUs, transmits them, checks the status
 * word and maps a refusal to a coded MadoguchiError (PIN_WRONG with triesLeft, PIN_BLOCKED, CARD_NO_SIGN_CERT…).
 * It skips a SELECT only when the card is known to have that file current, and forgets the selection whenever a
 * transmit fails (removal, reset, reconnect), so the application is selected again before the next command.
 *
 * The My Number EF (card-info AP, EF 0001) is not in its tables: no method can select it.
 */
export class JpkiCard {
  readonly #channel: CardChannel;
  readonly #state: DriverState = { app: undefined, ef: undefined, extendedReads: undefined };

  constructor(channel: CardChannel) {
    this.#channel = channel;
  }

  /** Selects the JPKI AP (or the card-info AP); CARD_NOT_JPKI when the card has none. Drops every verified PIN. */
  async selectAp(app: Application = 'jpki'): Promise<void> {
    const response = await this.#transmit(cardCommands.selectAid(APPLICATION_AID[app]));
    if (response.sw === SW.FILE_NOT_FOUND)
      throw new MadoguchiError('CARD_NOT_JPKI', `the card has no ${app} AP`);
    expectOk(response, `SELECT ${app} AP`);
    this.#state.app = app;
    this.#state.ef = undefined;
  }

  /** Reads a certificate (DER). The signature certificate needs verifyPin('sign') first (else CARD_ACCESS_DENIED). */
  async readCertificate(kind: CertificateKind): Promise<Uint8Array> {
    await this.#selectEf('jpki', CERTIFICATE_EF[kind]);
    return this.#readWholeEf(`certificate ${kind}`, DER_SEQUENCE);
  }

  /** Tries left for a PIN, without spending one (VERIFY with no data). 0 means blocked. */
  async pinStatus(kind: PinKind): Promise<number> {
    const { app, fid } = PIN_EF[kind];
    await this.#selectEf(app, fid);
    const response = await this.#transmit(cardCommands.verify());
    const tries = triesLeftOf(response.sw);
    if (tries !== undefined) return tries;
    if (response.sw === SW.AUTH_METHOD_BLOCKED) return 0;
    // Some cards answer 90 00 while the PIN is verified: then nothing has been used.
    if (response.sw === SW.OK) return PIN_POLICY[kind].maxTries;
    throw statusError(response.sw, `PIN status ${kind}`);
  }

  /**
   * Verifies a PIN. A malformed PIN is refused with PIN_FORMAT before anything is sent, so it never costs a try.
   * Wrong: PIN_WRONG with triesLeft; blocked (now or already): PIN_BLOCKED. The command buffer holding the PIN is
   * wiped once sent; the caller wipes the PinSecret.
   */
  async verifyPin(kind: PinKind, pin: PinSecret): Promise<void> {
    if (!pin.isWellFormed(kind)) {
      throw new MadoguchiError('PIN_FORMAT', `the ${kind} PIN does not fit its rules; nothing was sent`);
    }
    const { app, fid } = PIN_EF[kind];
    await this.#selectEf(app, fid);
    const command = cardCommands.verify(pin.bytes());
    let response: ResponseApdu;
    try {
      response = await this.#transmit(command);
    } finally {
      command.fill(0);
    }
    if (response.sw === SW.OK) return;
    const tries = triesLeftOf(response.sw) ?? (response.sw === SW.AUTH_METHOD_BLOCKED ? 0 : undefined);
    if (tries === undefined) throw statusError(response.sw, `VERIFY ${kind}`);
    if (tries === 0) throw new MadoguchiError('PIN_BLOCKED', `the ${kind} PIN is blocked`, { triesLeft: 0 });
    throw new MadoguchiError('PIN_WRONG', `wrong ${kind} PIN`, { triesLeft: tries });
  }

  /**
   * Signs a DigestInfo with the authentication or signature key (after verifyPin of the same kind); the card adds
   * the PKCS#1 v1.5 padding. Returns the raw RSA signature.
   */
  async sign(key: KeyKind, digestInfo: Uint8Array): Promise<Uint8Array> {
    await this.#selectEf('jpki', KEY_EF[key]);
    const response = await this.#transmit(cardCommands.computeDigitalSignature(digestInfo));
    expectOk(response, `COMPUTE DIGITAL SIGNATURE ${key}`);
    if (response.data.length === 0)
      throw new MadoguchiError('CARD_BAD_RESPONSE', 'the card returned no signature');
    return response.data;
  }

  /** The basic four facts from the card-info AP, after verifyPin('cardInfo'). Never touches the My Number EF. */
  async readBasicFour(): Promise<BasicFour> {
    await this.#selectEf('cardInfo', CARD_INFO_EF.BASIC_FOUR);
    const bytes = await this.#readWholeEf('basic four', BASIC_FOUR_FIRST_BYTE);
    try {
      return decodeBasicFour(bytes);
    } catch (cause) {
      throw new MadoguchiError('CARD_BAD_RESPONSE', 'the basic-four EF is malformed', { cause });
    }
  }

  async #selectEf(app: Application, fid: number): Promise<void> {
    if (this.#state.app !== app) await this.selectAp(app);
    if (this.#state.ef === fid) return;
    const response = await this.#transmit(cardCommands.selectEf(fid));
    if (response.sw === SW.FILE_NOT_FOUND && app === 'jpki' && SIGN_ONLY_EFS.has(fid)) {
      throw new MadoguchiError(
        'CARD_NO_SIGN_CERT',
        'the card has no signature certificate (holder under 15)',
      );
    }
    expectOk(response, `SELECT EF ${fid.toString(16).padStart(4, '0')}`);
    this.#state.ef = fid;
  }

  /** Reads the current EF up to the end of the BER-TLV it holds (its size comes from the first bytes). */
  async #readWholeEf(what: string, firstByte: number): Promise<Uint8Array> {
    const chunks: Uint8Array[] = [];
    let read = 0;
    let total: number | undefined;
    do {
      const chunk = await this.#readBinary(read, total === undefined ? undefined : total - read);
      if (chunk.length === 0)
        throw new MadoguchiError('CARD_BAD_RESPONSE', `${what}: the card returned no data`);
      chunks.push(chunk);
      read += chunk.length;
      total ??= chunk[0] === firstByte ? tlvTotalLength(chunk) : undefined;
      if (total === undefined) throw new MadoguchiError('CARD_BAD_RESPONSE', `${what}: not the expected TLV`);
    } while (read < total);
    const all = Buffer.concat(chunks);
    return Uint8Array.from(all.subarray(0, total));
  }

  /** One READ BINARY: extended where the card offers it (decided from the ATR, or by trying once), else ≤ FF. */
  async #readBinary(offset: number, wanted: number | undefined): Promise<Uint8Array> {
    if (offset > MAX_OFFSET)
      throw new MadoguchiError('CARD_BAD_RESPONSE', 'file larger than READ BINARY reaches');
    this.#state.extendedReads ??= this.#extendedFromAtr();
    if (this.#state.extendedReads !== false) {
      const ne = wanted === undefined ? EXTENDED_READ_ALL : Math.min(wanted, EXTENDED_READ_MAX);
      const response = await this.#transmit(cardCommands.readBinary(offset, ne, true));
      const probing = this.#state.extendedReads === undefined;
      // A card the ATR says nothing about and that refuses extended length is short-only: read short from now on.
      if (!(probing && response.sw === SW.WRONG_LENGTH)) {
        const data = readData(response);
        this.#state.extendedReads = true;
        return data;
      }
      this.#state.extendedReads = false;
    }
    const ne = Math.min(wanted ?? SHORT_READ_MAX, SHORT_READ_MAX);
    return readData(await this.#transmit(cardCommands.readBinary(offset, ne)));
  }

  #extendedFromAtr(): boolean | undefined {
    const support = extendedLengthSupport(this.#channel.atr);
    return support === 'unknown' ? undefined : support === 'yes';
  }

  #forget(): void {
    this.#state.app = undefined;
    this.#state.ef = undefined;
  }

  async #transmit(command: Uint8Array): Promise<ResponseApdu> {
    let bytes: Uint8Array;
    try {
      bytes = await this.#channel.transmit(command);
    } catch (error) {
      this.#forget();
      if (isMadoguchiError(error)) throw error;
      throw new MadoguchiError('CARD_UNREADABLE', 'the reader failed to reach the card', { cause: error });
    }
    if (bytes.length < 2) {
      this.#forget();
      throw new MadoguchiError('CARD_BAD_RESPONSE', `a response of ${bytes.length} bytes has no status word`);
    }
    return decodeResponse(bytes);
  }
}

/** READ BINARY data; 62 82 (end of file before Ne bytes) is a normal end, not an error. */
function readData(response: ResponseApdu): Uint8Array {
  if (response.sw !== SW.END_OF_FILE) expectOk(response, 'READ BINARY');
  return response.data;
}

function expectOk(response: ResponseApdu, what: string): void {
  if (response.sw !== SW.OK) throw statusError(response.sw, what);
}

function statusError(sw: number, what: string): MadoguchiError {
  const code: ErrorCode = errorCodeForStatusWord(sw) ?? 'CARD_BAD_RESPONSE';
  const triesLeft = code === 'PIN_WRONG' || code === 'PIN_BLOCKED' ? (triesLeftOf(sw) ?? 0) : undefined;
  return new MadoguchiError(
    code,
    `${what}: the card answered ${swHex(sw)}`,
    triesLeft === undefined ? {} : { triesLeft },
  );
}
