/**
 * What an ATR says about extended-length APDUs (ISO 7816-3 §8 for the structure, ISO 7816-4 §8.1.1.2.7 for the card
 * capabilities). JPKI contact cards carry `73 C6 01 C0` (extended Lc/Le) or `73 C6 01 00` (short only) in their
 * historical bytes; contactless ATRs built by the reader say nothing, and the driver then finds out by trying.
 */
export type ExtendedLengthSupport = 'yes' | 'no' | 'unknown';

/** Compact-TLV tag 7, length 3: the three card-capability bytes. */
const CAPABILITIES_TAG_LENGTH = 0x73;
/** Third capability byte, bit 7: extended Lc and Le fields. */
const EXTENDED_LENGTH_BIT = 0x40;
/** Category indicator 80: the historical bytes are compact-TLV objects. */
const CATEGORY_COMPACT_TLV = 0x80;

export function extendedLengthSupport(atr: Uint8Array): ExtendedLengthSupport {
  const historical = historicalBytes(atr);
  if (historical?.[0] !== CATEGORY_COMPACT_TLV) return 'unknown';
  for (let at = 1; at < historical.length;) {
    const tagLength = historical[at]!;
    if (tagLength === CAPABILITIES_TAG_LENGTH) {
      const third = historical[at + 3];
      if (third === undefined) return 'unknown';
      return (third & EXTENDED_LENGTH_BIT) !== 0 ? 'yes' : 'no';
    }
    at += 1 + (tagLength & 0x0f);
  }
  return 'unknown';
}

/** The K historical bytes after T0 and the interface bytes; undefined when the ATR is too short to hold them. */
export function historicalBytes(atr: Uint8Array): Uint8Array | undefined {
  if (atr.length < 2) return undefined;
  const t0 = atr[1]!;
  const count = t0 & 0x0f;
  let y = t0 >> 4;
  let at = 2;
  for (;;) {
    // TAi, TBi, TCi present per bits 1..3 of Y; TDi (bit 4) carries the next Y.
    at += popcount(y & 0x7);
    if ((y & 0x8) === 0) break;
    const td = atr[at];
    if (td === undefined) return undefined;
    at += 1;
    y = td >> 4;
  }
  return at + count <= atr.length ? atr.slice(at, at + count) : undefined;
}

function popcount(n: number): number {
  return (n & 1) + ((n >> 1) & 1) + ((n >> 2) & 1);
}
