import { InProcessChannel, type VirtualCard } from '@madoguchi/jpki-card';
import { MadoguchiError, type CardChannel } from '@madoguchi/protocol';
import type { CardReader, ReaderEvent } from '../../src/protocol/card-reader';

/**
 * A CardReader with an in-process slot, for domain and WebSocket tests: attach/detach the reader, insert/remove
 * cards. Each insertion gets its own InProcessChannel, so a channel from before a removal stays CARD_REMOVED.
 */
export class InProcessReader implements CardReader {
  readonly name = 'In-process reader';
  readonly #listeners = new Set<(event: ReaderEvent) => void>();
  #attached = true;
  #slot: InProcessChannel | undefined;
  connects = 0;

  constructor(card?: VirtualCard) {
    if (card) this.insert(card);
  }

  get channel(): InProcessChannel | undefined {
    return this.#slot;
  }

  subscribe(listener: (event: ReaderEvent) => void): () => void {
    this.#listeners.add(listener);
    if (this.#attached) listener({ type: 'reader-attached', reader: this.name });
    if (this.#slot?.present) listener({ type: 'card-inserted', reader: this.name, atr: this.#slot.atr });
    return () => this.#listeners.delete(listener);
  }

  async connect(): Promise<CardChannel> {
    this.connects += 1;
    if (!this.#attached) throw new MadoguchiError('READER_MISSING', 'no reader');
    if (!this.#slot?.present) throw new MadoguchiError('CARD_ABSENT', 'no card in the reader');
    return this.#slot;
  }

  insert(card: VirtualCard): void {
    this.#slot?.remove();
    this.#slot = new InProcessChannel(card);
    this.#emit({ type: 'card-inserted', reader: this.name, atr: card.atr });
  }

  remove(): void {
    this.#slot?.remove();
    this.#slot = undefined;
    this.#emit({ type: 'card-removed', reader: this.name });
  }

  detach(): void {
    this.remove();
    this.#attached = false;
    this.#emit({ type: 'reader-detached', reader: this.name });
  }

  attach(): void {
    this.#attached = true;
    this.#emit({ type: 'reader-attached', reader: this.name });
  }

  async close(): Promise<void> {
    this.#listeners.clear();
  }

  #emit(event: ReaderEvent): void {
    for (const listener of this.#listeners) listener(event);
  }
}
