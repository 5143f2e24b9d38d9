import { MadoguchiError, type CardChannel } from '@madoguchi/protocol';
import { CardRemovedError } from '../domain/card-removed-error';
import type { VirtualCard } from '../domain/virtual-card';

/**
 * A CardChannel straight onto a VirtualCard, with a reader slot the test can empty and fill: the bridge's JPKI
 * driver runs against it with no pcscd. Codes: CARD_ABSENT while no card was ever inserted, CARD_REMOVED once the
 * card has left (remove(), or the profile's fault) until insert(); CARD_UNREADABLE if the card itself fails.
 */
export class InProcessChannel implements CardChannel {
  #card: VirtualCard | undefined;
  #present = false;
  /** Bumped on every insert and remove, so an answer from a card pulled mid-command is never delivered. */
  #insertion = 0;

  constructor(card?: VirtualCard) {
    if (card !== undefined) this.insert(card);
  }

  get present(): boolean {
    return this.#present;
  }

  /** The inserted card's ATR; throws CARD_ABSENT / CARD_REMOVED when the slot is empty. */
  get atr(): Uint8Array {
    return this.#insertedCard().atr;
  }

  /** Inserts `card` (default: the card last inserted) and powers it on, which resets it. */
  insert(card: VirtualCard | undefined = this.#card): void {
    if (card === undefined) throw new TypeError('no card to insert');
    card.reset();
    this.#card = card;
    this.#present = true;
    this.#insertion += 1;
  }

  /** Pulls the card: it loses power (its security state) and any command in flight is answered CARD_REMOVED. */
  remove(): void {
    this.#card?.reset();
    this.#present = false;
    this.#insertion += 1;
  }

  async transmit(command: Uint8Array): Promise<Uint8Array> {
    const card = this.#insertedCard();
    const insertion = this.#insertion;
    let response: Uint8Array;
    try {
      response = await card.transmit(command);
    } catch (error) {
      if (!(error instanceof CardRemovedError)) {
        throw new MadoguchiError('CARD_UNREADABLE', 'the virtual card failed', { cause: error });
      }
      if (insertion === this.#insertion) this.remove();
      throw removed(error);
    }
    if (insertion !== this.#insertion) throw removed();
    return response;
  }

  #insertedCard(): VirtualCard {
    if (this.#present && this.#card !== undefined) return this.#card;
    throw this.#card === undefined
      ? new MadoguchiError('CARD_ABSENT', 'no card has been inserted')
      : removed();
  }
}

function removed(cause?: unknown): MadoguchiError {
  return new MadoguchiError('CARD_REMOVED', 'the card was removed', { cause });
}
