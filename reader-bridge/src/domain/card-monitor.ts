import { isMadoguchiError, type CardState } from '@madoguchi/protocol';
import type { CardReader, ReaderEvent } from '../protocol/card-reader';
import { JpkiCard } from './jpki-card';
import type { OperationLock } from './operation-lock';

/**
 * Turns reader events into the card state the TV shows. A newly inserted card is probed once (SELECT of the JPKI
 * AP) to tell a My Number Card from another card or one that does not answer; while an operation holds the card the
 * probe is skipped (`await undefined`) and the card counts as present: the operation reports its own errors.
 */
export class CardMonitor {
  #state: CardState = 'reader-missing';
  /** Bumped whenever a card comes or goes: what was learnt about "the card in the reader" holds for one value. */
  #insertion = 0;
  /** Bumped on every event, so a probe that finishes after the card left never overwrites the newer state. */
  #event = 0;
  readonly #listeners = new Set<(state: CardState) => void>();
  readonly #unsubscribe: () => void;

  constructor(
    private readonly reader: CardReader,
    private readonly lock: OperationLock,
  ) {
    this.#unsubscribe = reader.subscribe((event) => this.#on(event));
  }

  get state(): CardState {
    return this.#state;
  }

  /** Identifies the current insertion; any insert, removal or reader loss changes it. */
  get insertion(): number {
    return this.#insertion;
  }

  onChange(listener: (state: CardState) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  stop(): void {
    this.#unsubscribe();
    this.#listeners.clear();
  }

  #on(event: ReaderEvent): void {
    const seq = ++this.#event;
    if (event.type !== 'reader-attached') this.#insertion += 1;
    switch (event.type) {
      case 'reader-attached':
        if (this.#state === 'reader-missing') this.#set('absent');
        return;
      case 'reader-detached':
        return this.#set('reader-missing');
      case 'card-removed':
        return this.#set('absent');
      case 'card-inserted':
        void this.#probe().then((state) => {
          if (seq === this.#event) this.#set(state);
        });
    }
  }

  async #probe(): Promise<CardState> {
    const probe = this.lock.background(async () => new JpkiCard(await this.reader.connect()).selectAp());
    try {
      await probe;
      return 'present';
    } catch (error) {
      if (isMadoguchiError(error, 'CARD_NOT_JPKI')) return 'not-jpki';
      if (isMadoguchiError(error, 'CARD_REMOVED') || isMadoguchiError(error, 'CARD_ABSENT')) return 'absent';
      if (isMadoguchiError(error, 'READER_MISSING')) return 'reader-missing';
      return 'unreadable';
    }
  }

  #set(state: CardState): void {
    if (state === this.#state) return;
    this.#state = state;
    for (const listener of this.#listeners) listener(state);
  }
}
