import { P2_CURRENT_EF, SW, type CommandApdu, type ResponseApdu } from '@madoguchi/protocol';
import { status, type CardContext } from '../card-context';
import { changePin } from '../pins';

/** P1 = 01: the command carries only the new PIN; the old one was proven by a VERIFY (jpki/myna reader.rs). */
const P1_NEW_DATA_ONLY = 0x01;

/**
 * CHANGE REFERENCE DATA (24): `00 24 01 80 Lc newPIN` on the current PIN EF after its VERIFY. The new PIN lasts as
 * long as this card object; only retry counters are persisted.
 */
export function changeReferenceData(command: CommandApdu, context: CardContext): ResponseApdu {
  if (command.p1 !== P1_NEW_DATA_ONLY || command.p2 !== P2_CURRENT_EF) return status(SW.INCORRECT_P1_P2);
  const file = context.state.ef;
  if (file?.type !== 'pin') return status(SW.COMMAND_NOT_ALLOWED_NO_EF);
  if (command.data.length === 0) return status(SW.WRONG_LENGTH);
  return status(changePin(context.state, file.pin, command.data));
}
