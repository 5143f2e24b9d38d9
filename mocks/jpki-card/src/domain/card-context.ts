import type { CommandApdu, ResponseApdu, StatusWord } from '@madoguchi/protocol';
import type { AppletState } from './applet-state';
import type { Application } from './card-file';
import type { CounterStore } from './counter-store';

/** Waits `ms` milliseconds; injected so that tests of the slow card never wait. */
export type Sleep = (ms: number) => Promise<void>;

/** Everything an operation may read or change: the card's one state struct, as in OpenSC's drivers. */
export interface CardContext {
  readonly applications: readonly Application[];
  readonly state: AppletState;
  readonly counters: CounterStore;
  readonly sleep: Sleep;
  /** How COMPUTE DIGITAL SIGNATURE misbehaves on this profile. */
  readonly signing: { readonly delayMs: number; readonly removeCard: boolean };
  /** Called on each SELECT of a file marked `countSelects`. */
  countSelect(): void;
}

/** One instruction's handler: decoded command in, data + status word out. */
export type Operation = (command: CommandApdu, context: CardContext) => ResponseApdu | Promise<ResponseApdu>;

const EMPTY = new Uint8Array(0);

export function status(sw: StatusWord): ResponseApdu {
  return { data: EMPTY, sw };
}
