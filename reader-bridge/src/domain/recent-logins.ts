import type { TokenSet } from '@madoguchi/protocol';
import type { Clock } from '../protocol/clock';

interface Held {
  readonly accessToken: string;
  readonly insertion: number;
  readonly expiresAt: number;
}

/**
 * Access tokens of this box's recent PIN logins, in memory only and for the card insertion they were made with: a
 * card pulled (or another inserted, or the reader gone) forgets them. Two uses, both decided by the auth-server:
 * the `holder` token lets the viewer list and then remove links with one PIN entry; the latest PIN login's token
 * lets a service whose policy allows it be entered without a PIN (POST /v1/logins/reuse).
 */
export class RecentLogins {
  #latest: Held | undefined;
  #holder: Held | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly insertion: () => number,
  ) {}

  /** Remembers a PIN login (any audience); `holder` says it was to the holder audience. */
  remember(tokens: TokenSet, holder: boolean): void {
    const held = {
      accessToken: tokens.accessToken,
      insertion: this.insertion(),
      expiresAt: this.clock.now().getTime() + tokens.expiresIn * 1000,
    };
    this.#latest = held;
    if (holder) this.#holder = held;
  }

  /** The latest PIN login's token for reuse (the server judges its age; it may be past its expiry). */
  latest(): string | undefined {
    return this.#current(this.#latest, false);
  }

  /** The holder-audience token, while it is unexpired. */
  holder(): string | undefined {
    return this.#current(this.#holder, true);
  }

  forgetHolder(): void {
    this.#holder = undefined;
  }

  forgetAll(): void {
    this.#latest = undefined;
    this.#holder = undefined;
  }

  #current(held: Held | undefined, unexpired: boolean): string | undefined {
    if (held === undefined || held.insertion !== this.insertion()) return undefined;
    if (unexpired && this.clock.now().getTime() >= held.expiresAt - 5000) return undefined;
    return held.accessToken;
  }
}
