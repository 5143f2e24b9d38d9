import path from 'node:path';
import type { CardReader } from '../../src/protocol/card-reader';
import {
  SupervisedPcscReader,
  type SupervisedPcscReaderOptions,
} from '../../src/transport/supervised-pcsc-reader';

export type Seen = 'no-reader' | 'absent' | 'present';

/** The service's PC/SC reader, its child run from the TypeScript sources (never a stale dist/). */
export function testPcscReader(
  readerName: string,
  options: SupervisedPcscReaderOptions = {},
): SupervisedPcscReader {
  return new SupervisedPcscReader({
    readerName,
    restartDelayMs: 200,
    execArgv: ['-r', path.join(__dirname, 'register-ts.js')],
    ...options,
  });
}

/** What a reader's events say about its first reader, and a way to wait for a state. */
export function watchReader(reader: CardReader) {
  let state: Seen = 'no-reader';
  const watchers = new Set<() => void>();
  reader.subscribe((event) => {
    state =
      event.type === 'reader-detached'
        ? 'no-reader'
        : event.type === 'card-inserted'
          ? 'present'
          : event.type === 'card-removed' || state === 'no-reader'
            ? 'absent'
            : state;
    for (const w of [...watchers]) w();
  });
  return {
    get state() {
      return state;
    },
    /** Resolves once the state is `wanted` (now or later); rejects after `ms`. */
    waitFor: (wanted: Seen, ms = 15_000) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (state !== wanted) return;
          clearTimeout(timer);
          watchers.delete(check);
          resolve();
        };
        const timer = setTimeout(() => {
          watchers.delete(check);
          reject(new Error(`reader never became ${wanted} (is ${state})`));
        }, ms);
        watchers.add(check);
        check();
      }),
  };
}
