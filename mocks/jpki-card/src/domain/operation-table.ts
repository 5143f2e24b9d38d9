import { CLA, INS, SW, type CommandApdu, type ResponseApdu } from '@madoguchi/protocol';
import { status, type CardContext, type Operation } from './card-context';
import { changeReferenceData } from './operations/change-reference-data';
import { computeDigitalSignature } from './operations/compute-digital-signature';
import { readBinary } from './operations/read-binary';
import { select } from './operations/select';
import { verify } from './operations/verify';

/**
 * The applet as a table of operations keyed by INS, each with the one class byte the real card accepts for it:
 * ISO (00) for the inter-industry commands, proprietary (80) for the JPKI signature command.
 */
const OPERATIONS: ReadonlyMap<number, { readonly cla: number; readonly run: Operation }> = new Map([
  [INS.SELECT, { cla: CLA.ISO, run: select }],
  [INS.READ_BINARY, { cla: CLA.ISO, run: readBinary }],
  [INS.VERIFY, { cla: CLA.ISO, run: verify }],
  [INS.CHANGE_REFERENCE_DATA, { cla: CLA.ISO, run: changeReferenceData }],
  [INS.COMPUTE_DIGITAL_SIGNATURE, { cla: CLA.PROPRIETARY, run: computeDigitalSignature }],
]);

const KNOWN_CLASSES: ReadonlySet<number> = new Set(Object.values(CLA));

/**
 * Class first, then instruction (ISO 7816-4 §5.1): 6E 00 for a class the card never uses, or a known class with an
 * instruction that does not take it (00 2A, 80 A4); 6D 00 for an instruction the card does not have.
 */
export function dispatch(command: CommandApdu, context: CardContext): ResponseApdu | Promise<ResponseApdu> {
  if (!KNOWN_CLASSES.has(command.cla)) return status(SW.CLA_NOT_SUPPORTED);
  const operation = OPERATIONS.get(command.ins);
  if (operation === undefined) return status(SW.INS_NOT_SUPPORTED);
  if (operation.cla !== command.cla) return status(SW.CLA_NOT_SUPPORTED);
  return operation.run(command, context);
}
