import { classifyPcscError } from '../../src/transport/pcsc-binding';

describe('classifyPcscError', () => {
  // pcsclite's messages put the PC/SC return code at the end, as `(0x8010xxxx)`.
  it.each([
    ['SCardTransmit error: Card was removed.(0x80100069)', 'card-removed'],
    ['SCardTransmit error: Transaction failed.(0x80100016)', 'card-removed'],
    ['SCardTransmit error: RPC transport error.(0x80100013)', 'reader-gone'],
    ['SCardTransmit error: Access denied.(0x8010006a)', 'reader-gone'],
    ['SCardTransmit error: Service not available.(0x8010001d)', 'reader-gone'],
    ['SCardTransmit error: Invalid parameter given.(0x80100004)', 'other'],
    ['SCardTransmit error', 'other'],
  ] as const)('%s → %s', (message, expected) => {
    expect(classifyPcscError(new Error(message))).toBe(expected);
  });
});
