/**
 * The total size (header + value) of the BER-TLV at the start of `head`, read from its first bytes: a certificate
 * (`30 82 hi lo`) or the basic-four EF (`FF 20 81 ll`). This is how the driver knows how much of an EF to read, as
 * OpenSC does from the first 4 bytes. Undefined when `head` does not start with a definite-length TLV.
 */
export function tlvTotalLength(head: Uint8Array): number | undefined {
  let at = 0;
  const first = head[at++];
  if (first === undefined) return undefined;
  if ((first & 0x1f) === 0x1f) {
    // multi-byte tag: subsequent bytes while bit 8 is set, at most two more
    let more = 0;
    let b: number | undefined;
    do {
      b = head[at++];
      if (b === undefined || ++more > 2) return undefined;
    } while ((b & 0x80) !== 0);
  }
  const lengthByte = head[at++];
  if (lengthByte === undefined || lengthByte === 0x80) return undefined;
  if (lengthByte < 0x80) return at + lengthByte;
  const n = lengthByte & 0x7f;
  if (n > 3 || at + n > head.length) return undefined;
  let length = 0;
  for (let i = 0; i < n; i++) length = length * 256 + head[at + i]!;
  return at + n + length;
}
