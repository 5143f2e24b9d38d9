import { cardCommands, decodeResponse, hex, type ResponseApdu } from '@madoguchi/protocol';

/** The APDUs the real clients send (protocol's one set of builders), and a `send` that decodes the answer. */

export interface Transmitter {
  transmit(command: Uint8Array): Promise<Uint8Array>;
}

export async function send(card: Transmitter, command: Uint8Array | string): Promise<ResponseApdu> {
  return decodeResponse(await card.transmit(typeof command === 'string' ? hex(command) : command));
}

const ascii = (text: string) => Uint8Array.from(Buffer.from(text, 'latin1'));

export const apdu = {
  selectAid: cardCommands.selectAid,
  selectEf: cardCommands.selectEf,
  readBinary: cardCommands.readBinary,
  /** VERIFY with the PIN as ASCII, or with no data (the tries-left query). */
  verify: (pin?: string | Uint8Array) => cardCommands.verify(typeof pin === 'string' ? ascii(pin) : pin),
  changePin: (newPin: string) => cardCommands.changeReferenceData(ascii(newPin)),
  /** As OpenSC sends it: `80 2A 00 80 Lc DigestInfo 00`. */
  sign: cardCommands.computeDigitalSignature,
};
