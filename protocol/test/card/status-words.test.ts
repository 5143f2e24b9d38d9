import {
  errorCodeForStatusWord,
  isStatusWord,
  SW,
  swHex,
  swTriesLeft,
  triesLeftOf,
} from '../../src/card/status-words';

describe('status words', () => {
  it('encodes and reads tries left', () => {
    expect(swTriesLeft(2)).toBe(0x63c2);
    expect(triesLeftOf(0x63c0)).toBe(0);
    expect(triesLeftOf(0x9000)).toBeUndefined();
    expect(() => swTriesLeft(16)).toThrow(RangeError);
  });
  it.each([
    [SW.OK, undefined],
    [SW.END_OF_FILE, undefined],
    [0x63c2, 'PIN_WRONG'],
    [0x63c0, 'PIN_BLOCKED'],
    [SW.AUTH_METHOD_BLOCKED, 'PIN_BLOCKED'],
    [SW.SECURITY_STATUS_NOT_SATISFIED, 'CARD_ACCESS_DENIED'],
    [SW.FILE_NOT_FOUND, 'CARD_FILE_NOT_FOUND'],
    [SW.WRONG_LENGTH, 'CARD_BAD_RESPONSE'],
    [SW.INS_NOT_SUPPORTED, 'CARD_BAD_RESPONSE'],
  ])('maps %s to %s', (sw, code) => {
    expect(errorCodeForStatusWord(sw)).toBe(code);
  });
  it('knows every SW in the table is a status word', () => {
    for (const sw of Object.values(SW)) expect(isStatusWord(sw)).toBe(true);
    expect(isStatusWord(0x1234)).toBe(false);
    expect(swHex(0x6a82)).toBe('6A 82');
  });
});
