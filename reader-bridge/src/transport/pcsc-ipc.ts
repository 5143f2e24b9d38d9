import type { ErrorCode } from '@madoguchi/protocol';
import type { ReaderEvent } from '../protocol/card-reader';
import type { ContextPhase } from './pcsc-reader';

/**
 * The IPC between SupervisedPcscReader (the bridge) and pcsc-process.ts (the child that owns pcsclite), over Node's
 * `advanced` serialization (APDUs travel as Uint8Array, not hex).
 */
export type PcscRequest =
  | { id: number; op: 'connect' }
  | { id: number; op: 'transmit'; channel: number; command: Uint8Array }
  /** Answered at once by a child whose event loop runs: the liveness check while a request is outstanding. */
  | { id: number; op: 'ping' }
  | { id: number; op: 'close' };

export type PcscNotice =
  | { kind: 'event'; event: ReaderEvent }
  | { kind: 'context'; phase: ContextPhase }
  | { kind: 'reply'; id: number; value: unknown }
  | { kind: 'reply'; id: number; error: { code?: ErrorCode; message: string } };

/** What the child is started with (argv[2], JSON). */
export interface PcscProcessOptions {
  readerName?: string;
  restartDelayMs: number;
}

/** connect's reply: the child's id for the channel (the same while that connection lives) and the card's ATR. */
export interface ConnectReply {
  channel: number;
  atr: Uint8Array;
}
