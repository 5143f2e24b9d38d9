import { isPinWellFormed, PIN_POLICY, SW, swTriesLeft, type StatusWord } from '@madoguchi/protocol';
import type { AppletState } from './applet-state';
import type { PinRecord } from './card-file';
import type { CounterStore } from './counter-store';

/**
 * The PIN rules shared by all three PINs (auth, sign, card info): one counter semantics, one comparison.
 */

export async function triesLeft(counters: CounterStore, pin: PinRecord): Promise<number> {
  return (await counters.get(pin.kind)) ?? pin.initialTries;
}

/**
 * Checks a candidate PIN. Right: the counter returns to the policy's maximum and the PIN counts as verified (90 00).
 * Wrong: one try less and the PIN no longer counts as verified (63 Cx; 63 C0 is the try that blocks). Blocked: 69 83
 * and nothing changes. Any bytes that are not the PIN are wrong, whatever their length: the host checks the format
 * before sending (jpki.md lists no format error for VERIFY), so a mock that forgave a malformed PIN would hide a
 * host bug that costs a real holder a try.
 */
export async function verifyPin(
  counters: CounterStore,
  state: AppletState,
  pin: PinRecord,
  candidate: Uint8Array,
): Promise<StatusWord> {
  const tries = await triesLeft(counters, pin);
  if (tries === 0) return SW.AUTH_METHOD_BLOCKED;
  if (asText(candidate) === pin.value) {
    await counters.set(pin.kind, PIN_POLICY[pin.kind].maxTries);
    state.verified.add(pin.kind);
    return SW.OK;
  }
  state.verified.delete(pin.kind);
  await counters.set(pin.kind, tries - 1);
  return swTriesLeft(tries - 1);
}

/** Replaces a verified PIN's value; a new PIN outside the policy is refused with 6A 80 and changes nothing. */
export function changePin(state: AppletState, pin: PinRecord, newPin: Uint8Array): StatusWord {
  if (!state.verified.has(pin.kind)) return SW.SECURITY_STATUS_NOT_SATISFIED;
  const text = asText(newPin);
  if (!isPinWellFormed(pin.kind, text)) return SW.WRONG_DATA;
  pin.value = text;
  return SW.OK;
}

/** One byte, one character: every byte string maps to a distinct string, so comparing texts compares bytes. */
function asText(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('latin1');
}
