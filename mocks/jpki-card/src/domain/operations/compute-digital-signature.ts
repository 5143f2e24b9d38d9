import { constants, privateEncrypt } from 'node:crypto';
import { P2_CURRENT_EF, SW, type CommandApdu, type ResponseApdu } from '@madoguchi/protocol';
import { status, type CardContext } from '../card-context';
import { CardRemovedError } from '../card-removed-error';
import { CARD_KEY_BITS } from '../rsa-key';

/** PKCS#1 v1.5 type-1 padding needs at least 11 bytes (00 01, eight FF, 00) besides the data. */
const MAX_INPUT = CARD_KEY_BITS / 8 - 11;

/**
 * COMPUTE DIGITAL SIGNATURE (2A, CLA 80): `80 2A 00 80 Lc DigestInfo 00` with the current key EF, after VERIFY of
 * that key's PIN. The card pads whatever bytes it gets with PKCS#1 v1.5 and applies the private key, so a host that
 * sends a DigestInfo gets an ordinary RSASSA-PKCS1-v1_5 signature. Like a real card it does not parse the input:
 * any 1..245 bytes are signed; more than fits the padding is a wrong length (67 00). Le is not checked: the answer is
 * always the 256-byte signature.
 */
export async function computeDigitalSignature(
  command: CommandApdu,
  context: CardContext,
): Promise<ResponseApdu> {
  if (command.p1 !== 0x00 || command.p2 !== P2_CURRENT_EF) return status(SW.INCORRECT_P1_P2);
  const file = context.state.ef;
  if (file?.type !== 'key') return status(SW.COMMAND_NOT_ALLOWED_NO_EF);
  if (!context.state.verified.has(file.pin)) return status(SW.SECURITY_STATUS_NOT_SATISFIED);
  if (command.data.length === 0 || command.data.length > MAX_INPUT) return status(SW.WRONG_LENGTH);
  if (context.signing.delayMs > 0) await context.sleep(context.signing.delayMs);
  if (context.signing.removeCard) throw new CardRemovedError('the card was removed while it was signing');
  const signature = privateEncrypt({ key: file.key, padding: constants.RSA_PKCS1_PADDING }, command.data);
  return { data: Uint8Array.from(signature), sw: SW.OK };
}
