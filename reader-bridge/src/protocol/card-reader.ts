import type { CardChannel } from '@madoguchi/protocol';

/** What a reader reports, as events (PC/SC status changes; in tests, the in-process slot). */
export type ReaderEvent =
  | { type: 'reader-attached'; reader: string }
  | { type: 'reader-detached'; reader: string }
  | { type: 'card-inserted'; reader: string; atr: Uint8Array }
  | { type: 'card-removed'; reader: string };

/**
 * The seam between the bridge and whatever holds the card: the PC/SC reader on the box, an in-process slot in tests.
 * `connect` gives a channel to the card now in the reader, or rejects READER_MISSING / CARD_ABSENT /
 * CARD_UNREADABLE. A channel is good for one insertion: after a removal it rejects CARD_REMOVED for good.
 */
export interface CardReader {
  /** Starts with events replaying the current state (reader attached, card inserted), then every change. */
  subscribe(listener: (event: ReaderEvent) => void): () => void;
  connect(): Promise<CardChannel>;
  close(): Promise<void>;
}
