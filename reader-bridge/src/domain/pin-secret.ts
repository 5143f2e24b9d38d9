import { inspect } from 'node:util';
import { isPinWellFormed, MadoguchiError, type PinKind } from '@madoguchi/protocol';

/**
 * A PIN on its way to the card: bytes in a Buffer we own, wiped (overwritten with zeros) as soon as the one card
 * operation that needs it is over. It refuses to be printed, serialised or inspected, so a stray log call or
 * JSON.stringify shows `[PIN]`, never the digits. (The string the TV's JSON frame was parsed into cannot be wiped in
 * JavaScript; the bridge drops every reference to it at once, see the README.)
 */
export class PinSecret {
  #bytes: Buffer | undefined;

  private constructor(bytes: Buffer) {
    this.#bytes = bytes;
  }

  static fromText(text: string): PinSecret {
    return new PinSecret(Buffer.from(text, 'utf8'));
  }

  get wiped(): boolean {
    return this.#bytes === undefined;
  }

  /** Whether the PIN fits its kind's rules; checked before anything is sent, so a typo never costs a try. */
  isWellFormed(kind: PinKind): boolean {
    return isPinWellFormed(kind, this.#live().toString('latin1'));
  }

  /** The PIN bytes (ASCII), valid until wipe(). Callers copy them only into buffers they wipe themselves. */
  bytes(): Uint8Array {
    return this.#live();
  }

  wipe(): void {
    this.#bytes?.fill(0);
    this.#bytes = undefined;
  }

  toString(): string {
    return '[PIN]';
  }

  toJSON(): string {
    return '[PIN]';
  }

  [inspect.custom](): string {
    return '[PIN]';
  }

  #live(): Buffer {
    if (this.#bytes === undefined) throw new MadoguchiError('INTERNAL', 'the PIN was already wiped');
    return this.#bytes;
  }
}
