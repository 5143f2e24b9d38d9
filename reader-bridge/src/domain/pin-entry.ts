import { isMadoguchiError, MadoguchiError, type PinKind, type PinRetryReason } from '@madoguchi/protocol';
import type { JpkiCard } from './jpki-card';
import { step, throwIfCancelled, type OperationIo } from './operation';

/**
 * Asks the viewer for a PIN and verifies it, with the safety rules in one place:
 * - the tries left are read first (costs nothing) and shown; a blocked PIN ends the operation with PIN_BLOCKED;
 * - a malformed PIN is never sent (asked again, reason PIN_FORMAT);
 * - on the last try the PIN is sent only if the viewer confirmed it (else asked again, PIN_LAST_TRY_CONFIRM_REQUIRED);
 * - a wrong PIN is asked again with the tries that remain: only a new entry by the viewer is ever sent, the bridge
 *   never repeats a PIN by itself;
 * - every PIN is wiped right after its one VERIFY, whatever happened.
 */
export async function enterPin(card: JpkiCard, kind: PinKind, io: OperationIo): Promise<void> {
  let triesLeft = await card.pinStatus(kind);
  let retryReason: PinRetryReason | undefined;
  for (;;) {
    if (triesLeft === 0) throw blocked(kind);
    const lastTry = triesLeft === 1;
    const answer = await io.askPin({
      pinKind: kind,
      triesLeft,
      lastTry,
      ...(retryReason ? { retryReason } : {}),
    });
    try {
      throwIfCancelled(io.signal);
      if (!answer.pin.isWellFormed(kind)) {
        retryReason = 'PIN_FORMAT';
        continue;
      }
      if (lastTry && !answer.confirmLastTry) {
        retryReason = 'PIN_LAST_TRY_CONFIRM_REQUIRED';
        continue;
      }
      step(io, 'pin-check');
      await card.verifyPin(kind, answer.pin);
      return;
    } catch (error) {
      if (!isMadoguchiError(error, 'PIN_WRONG')) throw error;
      triesLeft = error.triesLeft ?? 0;
      retryReason = 'PIN_WRONG';
    } finally {
      answer.pin.wipe();
    }
  }
}

function blocked(kind: PinKind): MadoguchiError {
  return new MadoguchiError('PIN_BLOCKED', `the ${kind} PIN is blocked; it is reset at the city office`, {
    triesLeft: 0,
  });
}
