import fc from 'fast-check';
import { hex } from '../../src/bytes';
import { decodeTlvAt, decodeTlvs, encodeTlv, TlvFormatError } from '../../src/card/tlv';

describe('BER-TLV', () => {
  it('reads one- and two-byte tags and long lengths', () => {
    expect(decodeTlvs(hex('10 02 31 32 DF 22 81 01 41'))).toEqual([
      { tag: 0x10, value: hex('31 32') },
      { tag: 0xdf22, value: hex('41') },
    ]);
  });
  it('ignores trailing FF padding as on the card', () => {
    expect(decodeTlvs(hex('10 01 31 FF FF FF'))).toHaveLength(1);
  });
  it.each([
    ['value truncated', '10 05 31'],
    ['length missing', 'DF 22'],
    ['indefinite length', '10 80 00 00'],
    ['four-byte length', '10 84 00 00 00 01 00'],
  ])('refuses %s', (_n, bytes) => {
    expect(() => decodeTlvs(hex(bytes))).toThrow(TlvFormatError);
  });
  it('round-trips any tag and value', () => {
    const tags = fc.oneof(
      fc.integer({ min: 0, max: 0x1e }),
      fc.integer({ min: 0x1f, max: 0x7f }).map((b) => 0xdf00 | b),
    );
    fc.assert(
      fc.property(tags, fc.uint8Array({ maxLength: 400 }), (tag, value) => {
        const enc = encodeTlv(tag, value);
        const { tlv, next } = decodeTlvAt(enc, 0);
        expect(tlv).toEqual({ tag, value });
        expect(next).toBe(enc.length);
      }),
    );
  });
  it('throws only TlvFormatError on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        try {
          decodeTlvs(bytes);
        } catch (e) {
          expect(e).toBeInstanceOf(TlvFormatError);
        }
      }),
    );
  });
});
