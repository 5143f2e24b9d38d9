import { MadoguchiError, type PinKind, type PinRetryReason, type ProgressStep } from '@madoguchi/protocol';
import type { PinSecret } from './pin-secret';

/** What the bridge asks the viewer for: one PIN, with how many tries remain and why it asks again. */
export interface PinRequest {
  pinKind: PinKind;
  triesLeft: number;
  lastTry: boolean;
  retryReason?: PinRetryReason;
}

export interface PinAnswer {
  /** Owned by the flow from here on: it wipes it after the one VERIFY. */
  pin: PinSecret;
  confirmLastTry: boolean;
}

/**
 * How a flow talks to the viewer while it runs, without knowing about WebSockets: progress steps, PIN requests, and
 * a signal that aborts when the viewer cancels or the TV goes away.
 */
export interface OperationIo {
  progress(step: ProgressStep): void;
  /** Resolves with the viewer's PIN; rejects CANCELLED when the signal aborts first. */
  askPin(request: PinRequest): Promise<PinAnswer>;
  readonly signal: AbortSignal;
}

/** Reports a step unless the operation was cancelled meanwhile (then CANCELLED, before any further card command). */
export function step(io: OperationIo, name: ProgressStep): void {
  throwIfCancelled(io.signal);
  io.progress(name);
}

export function throwIfCancelled(signal: AbortSignal): void {
  if (signal.aborted) throw new MadoguchiError('CANCELLED', 'the operation was cancelled');
}
