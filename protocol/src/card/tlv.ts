import { concatBytes } from '../bytes';

/**
 * BER-TLV as the 券面事項入力補助 AP stores it (ISO 7816-4 annex D): multi-byte tags (first byte with low five bits
 * set), definite lengths up to 3 bytes. Only what the card's EFs use; not a general ASN.1 parser.
 */
export interface Tlv {
  readonly tag: number;
  readonly value: Uint8Array;
}

export class TlvFormatError extends Error {
  override readonly name = 'TlvFormatError';
}

export function encodeTag(tag: number): Uint8Array {
  if (!Number.isInteger(tag) || tag < 0 || tag > 0xffffff) throw new RangeError(`tag out of range: ${tag}`);
  if (tag > 0xffff) return Uint8Array.of(tag >> 16, (tag >> 8) & 0xff, tag & 0xff);
  if (tag > 0xff) return Uint8Array.of(tag >> 8, tag & 0xff);
  return Uint8Array.of(tag);
}

export function encodeLength(length: number): Uint8Array {
  if (length < 0x80) return Uint8Array.of(length);
  if (length <= 0xff) return Uint8Array.of(0x81, length);
  if (length <= 0xffff) return Uint8Array.of(0x82, length >> 8, length & 0xff);
  throw new RangeError(`TLV value too long: ${length}`);
}

export function encodeTlv(tag: number, value: Uint8Array): Uint8Array {
  return concatBytes(encodeTag(tag), encodeLength(value.length), value);
}

/** Decodes one TLV at `offset`; returns it and where the next one starts. */
export function decodeTlvAt(bytes: Uint8Array, offset: number): { tlv: Tlv; next: number } {
  let at = offset;
  const need = (n: number) => {
    if (at + n > bytes.length) throw new TlvFormatError(`TLV truncated at byte ${at}`);
  };
  need(1);
  let tag = bytes[at++]!;
  if ((tag & 0x1f) === 0x1f) {
    // subsequent tag bytes while bit 8 is set
    do {
      need(1);
      if (tag > 0xffff) throw new TlvFormatError('tag longer than 3 bytes');
      tag = (tag << 8) | bytes[at++]!;
    } while ((tag & 0x80) !== 0);
  }
  need(1);
  let length = bytes[at++]!;
  if (length === 0x80 || length > 0x83)
    throw new TlvFormatError(`unsupported length byte 0x${length.toString(16)}`);
  if (length > 0x80) {
    const n = length & 0x7f;
    need(n);
    length = 0;
    for (let i = 0; i < n; i++) length = (length << 8) | bytes[at++]!;
  }
  need(length);
  return { tlv: { tag, value: bytes.slice(at, at + length) }, next: at + length };
}

/** Decodes a sequence of TLVs that fills `bytes` exactly (trailing FF padding, as on cards, is ignored). */
export function decodeTlvs(bytes: Uint8Array): Tlv[] {
  const out: Tlv[] = [];
  let at = 0;
  while (at < bytes.length && !(bytes[at] === 0xff && bytes.subarray(at).every((b) => b === 0xff))) {
    const { tlv, next } = decodeTlvAt(bytes, at);
    out.push(tlv);
    at = next;
  }
  return out;
}
