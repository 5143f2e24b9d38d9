import { MadoguchiError } from '@madoguchi/protocol';

/**
 * One card operation at a time: a second one is refused with BUSY at once rather than queued behind a PIN entry.
 * Short background card tasks (the probe of a newly inserted card) are skipped while an operation runs, and an
 * operation that starts during one waits for it instead of being refused.
 */
export class OperationLock {
  #busy = false;
  #background: Promise<unknown> = Promise.resolve();

  get busy(): boolean {
    return this.#busy;
  }

  async run<T>(operation: () => Promise<T>): Promise<T> {
    if (this.#busy) throw new MadoguchiError('BUSY', 'another card operation is in progress');
    this.#busy = true;
    try {
      await this.#background;
      return await operation();
    } finally {
      this.#busy = false;
    }
  }

  /** Runs `task` after any earlier background task; undefined (not run) while an operation holds the card. */
  background<T>(task: () => Promise<T>): Promise<T> | undefined {
    if (this.#busy) return undefined;
    const result = this.#background.then(task);
    this.#background = result.catch(() => undefined);
    return result;
  }
}
