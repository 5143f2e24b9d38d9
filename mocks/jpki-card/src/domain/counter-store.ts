import { PIN_POLICY, type PinKind } from '@madoguchi/protocol';

/**
 * Where the card keeps its PIN retry counters. The card asks the store on every PIN operation instead of caching, so
 * two card objects over one store (two runs of the simulator) count down one counter, as one physical card would.
 */
export interface CounterStore {
  /** Tries left for this PIN, or undefined if never written (the card then starts from its profile's value). */
  get(kind: PinKind): Promise<number | undefined>;
  /** Rejects with a RangeError outside 0..maxTries of the PIN's policy, so a counter can never be corrupted. */
  set(kind: PinKind, triesLeft: number): Promise<void>;
}

/** The one range check both stores share, so a counter can never be negative or above its PIN's maximum. */
export function assertTriesInRange(kind: PinKind, triesLeft: number): void {
  const max = PIN_POLICY[kind].maxTries;
  if (!Number.isInteger(triesLeft) || triesLeft < 0 || triesLeft > max) {
    throw new RangeError(`${kind} PIN tries must be an integer 0..${max}, got ${triesLeft}`);
  }
}

/** Counters that live as long as the process: the default, and what tests use. */
export function createMemoryCounterStore(): CounterStore {
  const counters = new Map<PinKind, number>();
  return {
    get: async (kind) => counters.get(kind),
    set: async (kind, triesLeft) => {
      assertTriesInRange(kind, triesLeft);
      counters.set(kind, triesLeft);
    },
  };
}
