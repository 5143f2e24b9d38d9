import { encodeCommand } from './apdu';
import { CLA, INS, P2_CURRENT_EF, SELECT_P1, SELECT_P2_NO_FCI } from './jpki';

/**
 * The command APDUs a JPKI client sends, built once over `encodeCommand` for every client (the bridge's driver, the
 * card mock's tests): SELECT by AID or file id with no FCI (P2 0C), READ BINARY, VERIFY (with no data: the tries-left
 * query), CHANGE REFERENCE DATA and COMPUTE DIGITAL SIGNATURE over the current EF, as OpenSC's jpki driver sends them.
 * Pure: bytes in, bytes out. A buffer that carries a PIN is the caller's to wipe.
 */

/** `00 A4 04 0C Lc AID`. */
function selectAid(aid: Uint8Array): Uint8Array {
  return encodeCommand({
    cla: CLA.ISO,
    ins: INS.SELECT,
    p1: SELECT_P1.BY_AID,
    p2: SELECT_P2_NO_FCI,
    data: aid,
  });
}

/** `00 A4 02 0C 02 FID`. */
function selectEf(fid: number): Uint8Array {
  if (!Number.isInteger(fid) || fid < 0 || fid > 0xffff)
    throw new RangeError(`a file id is 2 bytes, got ${fid}`);
  return encodeCommand({
    cla: CLA.ISO,
    ins: INS.SELECT,
    p1: SELECT_P1.BY_FID,
    p2: SELECT_P2_NO_FCI,
    data: Uint8Array.of(fid >> 8, fid & 0xff),
  });
}

/** `00 B0 offset Le`: Ne bytes from a 15-bit offset of the current EF; extended Le when asked or when Ne > 256. */
function readBinary(offset: number, ne: number, extended = false): Uint8Array {
  if (!Number.isInteger(offset) || offset < 0 || offset > 0x7fff) {
    throw new RangeError(`a READ BINARY offset is 15 bits, got ${offset}`);
  }
  return encodeCommand({
    cla: CLA.ISO,
    ins: INS.READ_BINARY,
    p1: offset >> 8,
    p2: offset & 0xff,
    ne,
    extended,
  });
}

/** `00 20 00 80 [Lc PIN]`: verify the PIN of the current EF, or with no PIN ask its tries left (63 Cx). */
function verify(pin?: Uint8Array): Uint8Array {
  return encodeCommand({
    cla: CLA.ISO,
    ins: INS.VERIFY,
    p1: 0x00,
    p2: P2_CURRENT_EF,
    ...(pin === undefined ? {} : { data: pin }),
  });
}

/** `00 24 01 80 Lc newPIN`: change the (already verified) PIN of the current EF. */
function changeReferenceData(newPin: Uint8Array): Uint8Array {
  return encodeCommand({
    cla: CLA.ISO,
    ins: INS.CHANGE_REFERENCE_DATA,
    p1: 0x01,
    p2: P2_CURRENT_EF,
    data: newPin,
  });
}

/** `80 2A 00 80 Lc DigestInfo 00`: sign with the current key EF; the card adds the PKCS#1 v1.5 padding. */
function computeDigitalSignature(digestInfo: Uint8Array, extended = false): Uint8Array {
  return encodeCommand({
    cla: CLA.PROPRIETARY,
    ins: INS.COMPUTE_DIGITAL_SIGNATURE,
    p1: 0x00,
    p2: P2_CURRENT_EF,
    data: digestInfo,
    ne: 256,
    extended,
  });
}

export const cardCommands = {
  selectAid,
  selectEf,
  readBinary,
  verify,
  changeReferenceData,
  computeDigitalSignature,
} as const;
