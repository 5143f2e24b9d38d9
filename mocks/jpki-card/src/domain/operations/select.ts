import {
  bytesEqual,
  SELECT_P1,
  SELECT_P2_NO_FCI,
  SW,
  type CommandApdu,
  type ResponseApdu,
} from '@madoguchi/protocol';
import { enterApplication } from '../applet-state';
import { status, type CardContext } from '../card-context';

/** ISO 7816-4 §8.2.1.2: an AID is 5 to 16 bytes. */
const AID_MIN = 5;
const AID_MAX = 16;

/**
 * SELECT (A4): `00 A4 04 0C Lc AID` makes an application current and drops all security state; `00 A4 02 0C 02 FID`
 * makes one of its EFs current. No FCI is ever returned, so P2 must be 0C. A failed SELECT changes nothing.
 */
export function select(command: CommandApdu, context: CardContext): ResponseApdu {
  if (command.p2 !== SELECT_P2_NO_FCI) return status(SW.INCORRECT_P1_P2);
  switch (command.p1) {
    case SELECT_P1.BY_AID:
      return selectApplication(command.data, context);
    case SELECT_P1.BY_FID:
      return selectFile(command.data, context);
    default:
      return status(SW.INCORRECT_P1_P2);
  }
}

function selectApplication(aid: Uint8Array, context: CardContext): ResponseApdu {
  if (aid.length < AID_MIN || aid.length > AID_MAX) return status(SW.WRONG_LENGTH);
  // Never 90 00 for an AID we do not hold: OpenSC would take the card for a Muscle applet.
  const app = context.applications.find((a) => bytesEqual(a.aid, aid));
  if (app === undefined) return status(SW.FILE_NOT_FOUND);
  enterApplication(context.state, app);
  return status(SW.OK);
}

function selectFile(fid: Uint8Array, context: CardContext): ResponseApdu {
  if (fid.length !== 2) return status(SW.WRONG_LENGTH);
  // With no application selected there is nothing to select from (the MF holds nothing we model).
  const file = context.state.app?.files.get((fid[0]! << 8) | fid[1]!);
  if (file === undefined) return status(SW.FILE_NOT_FOUND);
  if (file.type === 'binary' && file.countSelects === true) context.countSelect();
  context.state.ef = file;
  return status(SW.OK);
}
