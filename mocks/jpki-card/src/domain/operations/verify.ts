import { P2_CURRENT_EF, SW, swTriesLeft, type CommandApdu, type ResponseApdu } from '@madoguchi/protocol';
import { status, type CardContext } from '../card-context';
import { triesLeft, verifyPin } from '../pins';

/**
 * VERIFY (20): `00 20 00 80 Lc PIN` against the current PIN EF. With no data it only reports the tries left (63 Cx,
 * 63 C0 once blocked), even right after a correct VERIFY, as the real card does (OpenSC #959).
 */
export async function verify(command: CommandApdu, context: CardContext): Promise<ResponseApdu> {
  if (command.p1 !== 0x00 || command.p2 !== P2_CURRENT_EF) return status(SW.INCORRECT_P1_P2);
  const file = context.state.ef;
  if (file?.type !== 'pin') return status(SW.COMMAND_NOT_ALLOWED_NO_EF);
  if (command.data.length === 0) return status(swTriesLeft(await triesLeft(context.counters, file.pin)));
  return status(await verifyPin(context.counters, context.state, file.pin, command.data));
}
