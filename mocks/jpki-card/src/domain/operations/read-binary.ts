import { SW, type CommandApdu, type ResponseApdu } from '@madoguchi/protocol';
import { status, type CardContext } from '../card-context';

/**
 * READ BINARY (B0): `00 B0 offHi offLo Le` from the current EF. Le is short (≤ 256) or, on extended-length profiles,
 * up to 65536; the virtual card checks that before dispatch. Reading past the end returns what is left with 62 82.
 */
export function readBinary(command: CommandApdu, context: CardContext): ResponseApdu {
  // P1 bit 8 would address a file by SFI (jsapdu does); not modelled, and no Madoguchi component uses it.
  if ((command.p1 & 0x80) !== 0) return status(SW.INCORRECT_P1_P2);
  // Case 2 only: no command data, and an Le is required.
  if (command.data.length > 0 || command.ne === undefined) return status(SW.WRONG_LENGTH);
  const file = context.state.ef;
  // Key and PIN EFs are never readable, with or without a PIN: 69 86, as if no readable EF were selected.
  if (file?.type !== 'binary') return status(SW.COMMAND_NOT_ALLOWED_NO_EF);
  if (file.readPin !== undefined && !context.state.verified.has(file.readPin)) {
    return status(SW.SECURITY_STATUS_NOT_SATISFIED);
  }
  const offset = (command.p1 << 8) | command.p2;
  if (offset >= file.content.length) return status(SW.WRONG_P1_P2);
  const end = offset + command.ne;
  return {
    data: file.content.slice(offset, end),
    sw: end > file.content.length ? SW.END_OF_FILE : SW.OK,
  };
}
