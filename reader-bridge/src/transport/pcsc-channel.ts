import { MadoguchiError, type CardChannel, type ErrorCode } from '@madoguchi/protocol';
import { classifyPcscError, type PcscReaderHandle } from './pcsc-binding';

/** Room for the largest answer: an extended READ BINARY of 65536 bytes plus SW1 SW2. */
const MAX_RESPONSE = 65536 + 2;

/**
 * A CardChannel over one PC/SC connection to one inserted card. It is good for that insertion only: once the reader
 * reports the card gone (or a transmit says so), it rejects every command with the code it died with.
 */
export class PcscChannel implements CardChannel {
  #dead: MadoguchiError | undefined;

  constructor(
    private readonly handle: PcscReaderHandle,
    private readonly protocol: number,
    readonly atr: Uint8Array,
  ) {}

  get alive(): boolean {
    return this.#dead === undefined;
  }

  /** Marks the channel dead; the reader calls this on removal, detachment or pcscd loss. */
  kill(code: ErrorCode, message: string): void {
    this.#dead ??= new MadoguchiError(code, message);
  }

  transmit(command: Uint8Array): Promise<Uint8Array> {
    if (this.#dead) return Promise.reject(this.#dead);
    return new Promise((resolve, reject) => {
      // A view, not a copy (Buffer.from would copy into Node's shared pool, where a VERIFY's PIN would outlive the
      // caller's wipe of `command`).
      const view = Buffer.from(command.buffer, command.byteOffset, command.byteLength);
      this.handle.transmit(view, MAX_RESPONSE, this.protocol, (error, response) => {
        if (this.#dead) return reject(this.#dead);
        // pcscd reports a card that vanished mid-command (vpcd's socket closed) as success with no bytes at all.
        if (!error && response.length === 0)
          this.kill('CARD_REMOVED', 'the card stopped answering mid-command');
        if (this.#dead) return reject(this.#dead);
        if (!error) return resolve(Uint8Array.from(response));
        const failure = classifyPcscError(error);
        if (failure === 'card-removed') this.kill('CARD_REMOVED', 'the card was removed');
        if (failure === 'reader-gone') this.kill('READER_MISSING', 'the reader went away');
        reject(this.#dead ?? new MadoguchiError('CARD_UNREADABLE', `the reader failed: ${error.message}`));
      });
    });
  }
}
