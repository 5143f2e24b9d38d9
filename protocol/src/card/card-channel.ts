/**
 * The seam between card logic and whatever carries APDUs: PC/SC on the set-top box, the in-process virtual card in
 * tests. Domain code (the bridge's JPKI driver) takes a CardChannel and never knows which one it has.
 */
export interface CardChannel {
  /** The card's answer-to-reset, as the reader reported it. */
  readonly atr: Uint8Array;
  /**
   * Sends one command APDU and resolves with the whole response APDU (data + SW1 SW2). Rejects with a
   * MadoguchiError `CARD_REMOVED` when the card leaves mid-command, `CARD_UNREADABLE` on a transport failure.
   */
  transmit(command: Uint8Array): Promise<Uint8Array>;
}
