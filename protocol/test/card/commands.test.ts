import fc from 'fast-check';
import { decodeCommand } from '../../src/card/apdu';
import { cardCommands } from '../../src/card/commands';
import { AID, CARD_INFO_EF, JPKI_EF } from '../../src/card/jpki';
import { hex, toHex } from '../../src/bytes';

describe('cardCommands', () => {
  it.each([
    ['SELECT the JPKI AP', cardCommands.selectAid(AID.JPKI), '00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01'],
    ['SELECT the auth certificate EF', cardCommands.selectEf(JPKI_EF.AUTH_CERT), '00 A4 02 0C 02 00 0A'],
    ['SELECT the basic-four EF', cardCommands.selectEf(CARD_INFO_EF.BASIC_FOUR), '00 A4 02 0C 02 00 02'],
    ['short READ BINARY of FF', cardCommands.readBinary(0x0100, 0xff), '00 B0 01 00 FF'],
    ['short READ BINARY of 256', cardCommands.readBinary(0, 256), '00 B0 00 00 00'],
    ['extended READ BINARY to the end', cardCommands.readBinary(0, 65536, true), '00 B0 00 00 00 00 00'],
    ['extended READ BINARY of 4 bytes', cardCommands.readBinary(4, 4, true), '00 B0 00 04 00 00 04'],
    ['VERIFY with no data (tries left)', cardCommands.verify(), '00 20 00 80'],
    ['VERIFY 1234', cardCommands.verify(Buffer.from('1234')), '00 20 00 80 04 31 32 33 34'],
    [
      'CHANGE REFERENCE DATA',
      cardCommands.changeReferenceData(Buffer.from('5678')),
      '00 24 01 80 04 35 36 37 38',
    ],
    [
      'COMPUTE DIGITAL SIGNATURE',
      cardCommands.computeDigitalSignature(hex('AA BB')),
      '80 2A 00 80 02 AA BB 00',
    ],
    [
      'COMPUTE DIGITAL SIGNATURE, extended',
      cardCommands.computeDigitalSignature(hex('AA'), true),
      '80 2A 00 80 00 00 01 AA 01 00',
    ],
  ])('%s', (_name, bytes, want) => {
    expect(toHex(bytes)).toBe(want);
  });

  it('refuses a file id over 2 bytes and an offset over 15 bits', () => {
    expect(() => cardCommands.selectEf(0x10000)).toThrow(RangeError);
    expect(() => cardCommands.readBinary(0x8000, 1)).toThrow(RangeError);
  });

  it('builds READ BINARY commands that decode back to their offset and length', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 0x7fff }),
        fc.integer({ min: 1, max: 65536 }),
        fc.boolean(),
        (offset, ne, extended) => {
          const c = decodeCommand(cardCommands.readBinary(offset, ne, extended));
          expect({ offset: (c.p1 << 8) | c.p2, ne: c.ne, ins: c.ins }).toEqual({ offset, ne, ins: 0xb0 });
        },
      ),
    );
  });
});
