import fc from 'fast-check';
import {
  ApduFormatError,
  decodeCommand,
  decodeResponse,
  encodeCommand,
  encodeResponse,
} from '../../src/card/apdu';
import { hex, toHex } from '../../src/bytes';

describe('decodeCommand', () => {
  it.each([
    ['case 1', '00 A4 04 0C', { data: '', ne: undefined, extended: false }],
    ['case 2S', '00 B0 00 00 04', { data: '', ne: 4, extended: false }],
    ['case 2S, Le 00 means 256', '00 B0 00 00 00', { data: '', ne: 256, extended: false }],
    ['case 3S', '00 A4 02 0C 02 00 0A', { data: '00 0A', ne: undefined, extended: false }],
    ['case 4S', '80 2A 00 80 02 AA BB 00', { data: 'AA BB', ne: 256, extended: false }],
    ['case 2E', '00 B0 00 00 00 07 D0', { data: '', ne: 2000, extended: true }],
    ['case 2E, 0000 means 65536', '00 B0 00 00 00 00 00', { data: '', ne: 65536, extended: true }],
    ['case 3E', '00 20 00 80 00 00 02 31 32', { data: '31 32', ne: undefined, extended: true }],
    ['case 4E', '80 2A 00 80 00 00 01 AA 01 00', { data: 'AA', ne: 256, extended: true }],
  ])('%s', (_name, apdu, want) => {
    const got = decodeCommand(hex(apdu));
    expect({ data: toHex(got.data), ne: got.ne, extended: got.extended }).toEqual(want);
  });

  it.each([
    ['too short', '00 A4 04'],
    ['Lc longer than the body', '00 A4 04 0C 05 01 02'],
    ['Lc shorter than the body by two', '00 A4 04 0C 01 01 02 03'],
    ['extended length truncated', '00 B0 00 00 00 01'],
    ['extended Lc of zero', '00 20 00 80 00 00 00 31'],
    ['extended Lc mismatch', '00 20 00 80 00 00 03 31 32'],
  ])('refuses %s', (_name, apdu) => {
    expect(() => decodeCommand(hex(apdu))).toThrow(ApduFormatError);
  });

  it('round-trips every encodable command', () => {
    fc.assert(
      fc.property(
        fc.record({
          cla: fc.integer({ min: 0, max: 255 }),
          ins: fc.integer({ min: 0, max: 255 }),
          p1: fc.integer({ min: 0, max: 255 }),
          p2: fc.integer({ min: 0, max: 255 }),
          data: fc.uint8Array({ maxLength: 600 }),
          ne: fc.option(fc.integer({ min: 1, max: 65536 }), { nil: undefined }),
          extended: fc.boolean(),
        }),
        (cmd) => {
          const back = decodeCommand(encodeCommand(cmd));
          expect(back.data).toEqual(cmd.data);
          expect(back.ne).toBe(cmd.ne);
          expect([back.cla, back.ins, back.p1, back.p2]).toEqual([cmd.cla, cmd.ins, cmd.p1, cmd.p2]);
        },
      ),
    );
  });

  it('never throws anything but ApduFormatError on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        try {
          decodeCommand(bytes);
        } catch (e) {
          expect(e).toBeInstanceOf(ApduFormatError);
        }
      }),
    );
  });
});

describe('encodeCommand', () => {
  it('chooses short length when it fits', () => {
    expect(toHex(encodeCommand({ cla: 0, ins: 0xb0, p1: 0, p2: 0, ne: 256 }))).toBe('00 B0 00 00 00');
  });
  it('switches to extended length for Ne over 256', () => {
    expect(toHex(encodeCommand({ cla: 0, ins: 0xb0, p1: 0, p2: 0, ne: 2000 }))).toBe('00 B0 00 00 00 07 D0');
  });
  it('refuses a byte field out of range', () => {
    expect(() => encodeCommand({ cla: 256, ins: 0, p1: 0, p2: 0 })).toThrow(RangeError);
  });
});

describe('responses', () => {
  it('splits data and status word', () => {
    expect(decodeResponse(hex('01 02 90 00'))).toEqual({ data: hex('01 02'), sw: 0x9000 });
    expect(encodeResponse(hex('01'), 0x63c2)).toEqual(hex('01 63 C2'));
  });
  it('refuses a response without a status word', () => {
    expect(() => decodeResponse(hex('90'))).toThrow(ApduFormatError);
  });
});
