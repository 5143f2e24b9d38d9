import { decodeBasicFour, encodeBasicFour, type BasicFour } from '../../src/card/basic-four';
import { encodeTlv } from '../../src/card/tlv';
import { TlvFormatError } from '../../src/card/tlv';

const facts: BasicFour = {
  name: '山田 花子',
  address: '東京都千代田区霞が関二丁目1番2号',
  dateOfBirth: '19450815',
  sex: '2',
};

describe('basic four facts EF', () => {
  it('round-trips Japanese text', () => {
    expect(decodeBasicFour(encodeBasicFour(facts))).toEqual(facts);
  });
  it('starts with the FF20 container and the DF21 header', () => {
    const bytes = encodeBasicFour(facts);
    expect([bytes[0], bytes[1]]).toEqual([0xff, 0x20]);
  });
  it('refuses a container without the address', () => {
    const broken = encodeTlv(0xff20, encodeTlv(0xdf22, Buffer.from('x')));
    expect(() => decodeBasicFour(broken)).toThrow(/missing/);
  });
  it('refuses invalid UTF-8 and a sex outside ISO 5218', () => {
    const bad = (sex: Uint8Array, name: Uint8Array) =>
      encodeTlv(
        0xff20,
        Buffer.concat([
          encodeTlv(0xdf22, name),
          encodeTlv(0xdf23, Buffer.from('a')),
          encodeTlv(0xdf24, Buffer.from('19450815')),
          encodeTlv(0xdf25, sex),
        ]),
      );
    expect(() => decodeBasicFour(bad(Buffer.from('3'), Buffer.from('x')))).toThrow(TlvFormatError);
    expect(() => decodeBasicFour(bad(Buffer.from('1'), Uint8Array.of(0xff, 0xfe)))).toThrow(/UTF-8/);
  });
});
