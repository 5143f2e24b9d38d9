import {
  ApduFormatError,
  ATR,
  decodeCommand,
  encodeResponse,
  hex,
  SW,
  type CommandApdu,
  type ResponseApdu,
} from '@madoguchi/protocol';
import type { CardProfile } from '../profile/card-profile';
import { createAppletState, enterApplication } from './applet-state';
import { buildApplications } from './applications';
import { status, type CardContext, type Sleep } from './card-context';
import { createMemoryCounterStore, type CounterStore } from './counter-store';
import { dispatch } from './operation-table';

export interface VirtualCardOptions {
  /** PIN retry counters; default: in memory, starting from the profile's tries. */
  counters?: CounterStore;
  /** Default: real timers. Tests pass a fake so the slow profile never makes them wait. */
  sleep?: Sleep;
}

const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A My Number Card as its chip runs: APDU in, APDU out. It knows nothing of readers or sockets; a transport (the
 * in-process channel, the vpcd client) carries its bytes and turns a CardRemovedError into a disconnect.
 */
export class VirtualCard {
  readonly profileName: string;
  readonly #atr: Uint8Array;
  readonly #extendedLength: boolean;
  readonly #apduDelayMs: number;
  readonly #context: CardContext;
  #myNumberSelects = 0;
  #queue: Promise<unknown> = Promise.resolve();

  /** Throws if the profile's keys do not parse; pass a profile from loadProfile/validateProfile. */
  constructor(profile: CardProfile, options: VirtualCardOptions = {}) {
    this.profileName = profile.name;
    this.#atr = profile.atr === undefined ? defaultAtr(profile.extendedLength) : hex(profile.atr);
    this.#extendedLength = profile.extendedLength;
    this.#apduDelayMs = profile.latency?.apduMs ?? 0;
    this.#context = {
      applications: buildApplications(profile),
      state: createAppletState(),
      counters: options.counters ?? createMemoryCounterStore(),
      sleep: options.sleep ?? realSleep,
      signing: { delayMs: profile.latency?.signMs ?? 0, removeCard: profile.fault?.removeOn === 'sign' },
      countSelect: () => {
        this.#myNumberSelects += 1;
      },
    };
  }

  get atr(): Uint8Array {
    return this.#atr.slice();
  }

  /** How many times the My Number EF has been selected since this card object was made. */
  get myNumberSelects(): number {
    return this.#myNumberSelects;
  }

  /** Warm reset (and what power-off leaves behind): no application, no EF, no verified PIN. Counters survive. */
  reset(): void {
    enterApplication(this.#context.state, undefined);
  }

  /**
   * Answers one command APDU with data + SW1 SW2. Never rejects for anything a host can send; rejects with
   * CardRemovedError when the profile's fault pulls the card, and with the store's error if counters cannot be saved.
   */
  transmit(command: Uint8Array): Promise<Uint8Array> {
    // A copy (Buffer#slice would share memory): the caller may reuse its buffer before the card gets to it.
    const bytes = Uint8Array.from(command);
    // One APDU at a time, as a chip works, even when a caller does not wait for the previous answer.
    const answer = this.#queue.then(() => this.#answer(bytes));
    this.#queue = answer.catch(() => undefined);
    return answer;
  }

  async #answer(bytes: Uint8Array): Promise<Uint8Array> {
    if (this.#apduDelayMs > 0) await this.#context.sleep(this.#apduDelayMs);
    const response = await this.#respond(bytes);
    return encodeResponse(response.data, response.sw);
  }

  #respond(bytes: Uint8Array): ResponseApdu | Promise<ResponseApdu> {
    let command: CommandApdu;
    try {
      command = decodeCommand(bytes);
    } catch (error) {
      if (error instanceof ApduFormatError) return status(SW.WRONG_LENGTH);
      throw error;
    }
    if (command.extended && !this.#extendedLength) return status(SW.WRONG_LENGTH);
    return dispatch(command, this.#context);
  }
}

/** Extended-length cards carry C6 01 C0 in their historical bytes, short-only ones C6 01 00 (jpki.md §1). */
function defaultAtr(extendedLength: boolean): Uint8Array {
  return extendedLength ? ATR.CONTACT_EXTENDED : ATR.CONTACT_SHORT;
}
