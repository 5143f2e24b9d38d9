import {
  CLA,
  decodeResponse,
  encodeCommand,
  hex,
  INS,
  P2_CURRENT_EF,
  SELECT_P1,
  SELECT_P2_NO_FCI,
  type ResponseApdu,
} from '@madoguchi/protocol';

/** Command builders for the APDUs the real clients send, and a `send` that decodes the answer. */

export interface Transmitter {
  transmit(command: Uint8Array): Promise<Uint8Array>;
}

export async function send(card: Transmitter, command: Uint8Array | string): Promise<ResponseApdu> {
  return decodeResponse(await card.transmit(typeof command === 'string' ? hex(command) : command));
}

const ascii = (text: string) => Uint8Array.from(Buffer.from(text, 'latin1'));

export const apdu = {
  selectAid: (aid: Uint8Array) =>
    encodeCommand({ cla: CLA.ISO, ins: INS.SELECT, p1: SELECT_P1.BY_AID, p2: SELECT_P2_NO_FCI, data: aid }),
  selectEf: (fid: number) =>
    encodeCommand({
      cla: CLA.ISO,
      ins: INS.SELECT,
      p1: SELECT_P1.BY_FID,
      p2: SELECT_P2_NO_FCI,
      data: Uint8Array.of(fid >> 8, fid & 0xff),
    }),
  readBinary: (offset: number, ne: number, extended = false) =>
    encodeCommand({ cla: CLA.ISO, ins: INS.READ_BINARY, p1: offset >> 8, p2: offset & 0xff, ne, extended }),
  /** VERIFY with the PIN as ASCII, or with no data (the tries-left query). */
  verify: (pin?: string | Uint8Array) =>
    encodeCommand({
      cla: CLA.ISO,
      ins: INS.VERIFY,
      p1: 0x00,
      p2: P2_CURRENT_EF,
      data: typeof pin === 'string' ? ascii(pin) : pin,
    }),
  changePin: (newPin: string) =>
    encodeCommand({
      cla: CLA.ISO,
      ins: INS.CHANGE_REFERENCE_DATA,
      p1: 0x01,
      p2: P2_CURRENT_EF,
      data: ascii(newPin),
    }),
  /** As OpenSC sends it: `80 2A 00 80 Lc DigestInfo 00`. */
  sign: (digestInfo: Uint8Array, extended = false) =>
    encodeCommand({
      cla: CLA.PROPRIETARY,
      ins: INS.COMPUTE_DIGITAL_SIGNATURE,
      p1: 0x00,
      p2: P2_CURRENT_EF,
      data: digestInfo,
      ne: 256,
      extended,
    }),
};
