import { concatBytes } from '../bytes';
import { SW, type StatusWord } from './status-words';

/**
 * ISO 7816-4 command and response APDUs: one codec for both ends (the card mock decodes commands, the bridge encodes
 * them and decodes responses), so the two can never disagree on the framing.
 */

export interface CommandApdu {
  readonly cla: number;
  readonly ins: number;
  readonly p1: number;
  readonly p2: number;
  /** Command data (Nc = data.length); empty for cases 1 and 2. */
  readonly data: Uint8Array;
  /** Expected response length Ne; undefined when no data is expected (cases 1 and 3). 256 / 65536 mean "all". */
  readonly ne: number | undefined;
  /** Whether Lc/Le use the extended (3- or 2-byte) forms. */
  readonly extended: boolean;
}

export interface ResponseApdu {
  readonly data: Uint8Array;
  readonly sw: StatusWord;
}

/** Why a byte string is not a command APDU; the card answers `67 00` for all of these. */
export class ApduFormatError extends Error {
  override readonly name = 'ApduFormatError';
}

const SHORT_MAX_NC = 255;
const SHORT_MAX_NE = 256;
const EXTENDED_MAX = 65536;

/** Decodes a command APDU of any of the seven ISO cases (1, 2S, 3S, 4S, 2E, 3E, 4E). */
export function decodeCommand(bytes: Uint8Array): CommandApdu {
  if (bytes.length < 4) throw new ApduFormatError(`command shorter than a header: ${bytes.length} bytes`);
  const [cla, ins, p1, p2] = bytes as unknown as [number, number, number, number];
  const body = bytes.subarray(4);
  const head = { cla, ins, p1, p2 };
  if (body.length === 0) return { ...head, data: new Uint8Array(0), ne: undefined, extended: false };

  const b0 = body[0]!;
  if (body.length === 1)
    return { ...head, data: new Uint8Array(0), ne: b0 === 0 ? SHORT_MAX_NE : b0, extended: false };

  if (b0 !== 0) {
    // short Lc
    const nc = b0;
    if (body.length === 1 + nc) return { ...head, data: body.slice(1), ne: undefined, extended: false };
    if (body.length === 2 + nc) {
      const le = body[1 + nc]!;
      return { ...head, data: body.slice(1, 1 + nc), ne: le === 0 ? SHORT_MAX_NE : le, extended: false };
    }
    throw new ApduFormatError(`Lc ${nc} does not match a body of ${body.length} bytes`);
  }

  // b0 = 00 with more bytes: extended length
  if (body.length < 3) throw new ApduFormatError('extended length field truncated');
  const n = (body[1]! << 8) | body[2]!;
  if (body.length === 3)
    return { ...head, data: new Uint8Array(0), ne: n === 0 ? EXTENDED_MAX : n, extended: true };
  if (n === 0) throw new ApduFormatError('extended Lc of zero');
  if (body.length === 3 + n) return { ...head, data: body.slice(3, 3 + n), ne: undefined, extended: true };
  if (body.length === 5 + n) {
    const le = (body[3 + n]! << 8) | body[4 + n]!;
    return { ...head, data: body.slice(3, 3 + n), ne: le === 0 ? EXTENDED_MAX : le, extended: true };
  }
  throw new ApduFormatError(`extended Lc ${n} does not match a body of ${body.length} bytes`);
}

export interface CommandInput {
  cla: number;
  ins: number;
  p1: number;
  p2: number;
  data?: Uint8Array;
  ne?: number;
  /** Force extended length even when short would do. */
  extended?: boolean;
}

/** Encodes a command APDU, choosing short or extended length as the sizes require. */
export function encodeCommand(input: CommandInput): Uint8Array {
  const data = input.data ?? new Uint8Array(0);
  const { ne } = input;
  for (const [name, v] of Object.entries({ cla: input.cla, ins: input.ins, p1: input.p1, p2: input.p2 })) {
    if (!Number.isInteger(v) || v < 0 || v > 0xff) throw new RangeError(`${name} must be a byte, got ${v}`);
  }
  if (data.length > EXTENDED_MAX - 1) throw new RangeError(`command data too long: ${data.length}`);
  if (ne !== undefined && (!Number.isInteger(ne) || ne < 1 || ne > EXTENDED_MAX)) {
    throw new RangeError(`Ne out of range: ${ne}`);
  }
  const extended =
    input.extended === true || data.length > SHORT_MAX_NC || (ne !== undefined && ne > SHORT_MAX_NE);
  const header = Uint8Array.of(input.cla, input.ins, input.p1, input.p2);
  if (!extended) {
    const lc = data.length > 0 ? Uint8Array.of(data.length) : new Uint8Array(0);
    const le = ne === undefined ? new Uint8Array(0) : Uint8Array.of(ne === SHORT_MAX_NE ? 0 : ne);
    return concatBytes(header, lc, data, le);
  }
  const lc = data.length > 0 ? Uint8Array.of(0, data.length >> 8, data.length & 0xff) : new Uint8Array(0);
  const leValue = ne === EXTENDED_MAX ? 0 : (ne ?? 0);
  const le =
    ne === undefined
      ? new Uint8Array(0)
      : data.length > 0
        ? Uint8Array.of(leValue >> 8, leValue & 0xff)
        : Uint8Array.of(0, leValue >> 8, leValue & 0xff);
  return concatBytes(header, lc, data, le);
}

/** Decodes a response APDU: data followed by SW1 SW2. */
export function decodeResponse(bytes: Uint8Array): ResponseApdu {
  if (bytes.length < 2)
    throw new ApduFormatError(`response shorter than a status word: ${bytes.length} bytes`);
  const n = bytes.length;
  return { data: bytes.slice(0, n - 2), sw: (bytes[n - 2]! << 8) | bytes[n - 1]! };
}

export function encodeResponse(data: Uint8Array, sw: StatusWord): Uint8Array {
  return concatBytes(data, Uint8Array.of(sw >> 8, sw & 0xff));
}

export function isOk(response: ResponseApdu): boolean {
  return response.sw === SW.OK;
}
