/**
 * Thrown instead of an answer when the card leaves the reader mid-command (the "pulled mid-signature" profile). It is
 * not a status word: a real card that is pulled says nothing. Transports turn it into a disconnect: the vpcd client
 * closes its socket, the in-process channel rejects with MadoguchiError CARD_REMOVED.
 */
export class CardRemovedError extends Error {
  override readonly name = 'CardRemovedError';

  constructor(message = 'the card was removed while it was answering') {
    super(message);
  }
}
