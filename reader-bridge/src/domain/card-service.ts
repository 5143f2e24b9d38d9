import {
  isMadoguchiError,
  MadoguchiError,
  type BasicFour,
  type CreateChallengeRequest,
  type HolderLink,
  type LinkConsent,
  type TokenSet,
} from '@madoguchi/protocol';
import type { CardReader } from '../protocol/card-reader';
import type { Clock } from '../protocol/clock';
import type { ServerClient } from '../protocol/server-api';
import { CardMonitor } from './card-monitor';
import { readFacts } from './facts-flow';
import { HOLDER_LOGIN, listLinks, removeLink, type HolderDeps } from './holder-links-flow';
import { link } from './link-flow';
import { login } from './login-flow';
import { throwIfCancelled, type OperationIo } from './operation';
import { OperationLock } from './operation-lock';
import { RecentLogins } from './recent-logins';
import { signDocument } from './sign-flow';
import { cardStatus, type CardStatus } from './status-flow';

export interface CardServiceDeps {
  reader: CardReader;
  server: ServerClient;
  clock: Clock;
}

export interface LoginRequest extends CreateChallengeRequest {
  /** Required with purpose `link`, refused without it. */
  consent?: LinkConsent;
  /** Ask the PIN even when a recent login could be reused. */
  freshLogin?: boolean;
}

/** Refusals of a reuse after which a PIN login may still succeed. */
const REUSE_DECLINED = ['FRESH_LOGIN_REQUIRED', 'TOKEN_INVALID', 'ASSURANCE_INSUFFICIENT'] as const;

/** The bridge's domain facade: the card operations, one at a time (BUSY for a second), and the card state. */
export class CardService {
  readonly monitor: CardMonitor;
  readonly #lock = new OperationLock();
  readonly #recent: RecentLogins;

  constructor(private readonly deps: CardServiceDeps) {
    this.monitor = new CardMonitor(deps.reader, this.#lock);
    this.#recent = new RecentLogins(deps.clock, () => this.monitor.insertion);
  }

  /** A login (or, with purpose `link`, a link with consent); `reused` when no PIN was asked. */
  login(io: OperationIo, request: LoginRequest): Promise<{ tokens: TokenSet; reused: boolean }> {
    return this.#lock.run(async () => {
      if (request.purpose === 'link') {
        if (request.consent === undefined) throw badMessage('a link (purpose link) needs the viewer consent');
        const tokens = await link(this.deps, io, { serviceId: request.serviceId, consent: request.consent });
        this.#recent.remember(tokens, false);
        return { tokens, reused: false };
      }
      if (request.consent !== undefined) throw badMessage('consent is only for purpose link');
      if (request.freshLogin !== true) {
        const reused = await this.#reuse(io, request.serviceId);
        if (reused) return { tokens: reused, reused: true };
      }
      const tokens = await login(this.deps, io, { serviceId: request.serviceId, purpose: 'login' });
      this.#recent.remember(tokens, request.serviceId === HOLDER_LOGIN.serviceId);
      return { tokens, reused: false };
    });
  }

  sign(io: OperationIo, document: Uint8Array): Promise<Uint8Array> {
    return this.#lock.run(() => signDocument(this.deps, io, document));
  }

  status(io: OperationIo): Promise<CardStatus> {
    return this.#lock.run(() => cardStatus(this.deps, io));
  }

  facts(io: OperationIo): Promise<BasicFour> {
    return this.#lock.run(() => readFacts(this.deps, io));
  }

  links(io: OperationIo): Promise<HolderLink[]> {
    return this.#lock.run(() => listLinks(this.#holderDeps(), io));
  }

  removeLink(io: OperationIo, serviceId: string): Promise<HolderLink[]> {
    return this.#lock.run(() => removeLink(this.#holderDeps(), io, serviceId));
  }

  stop(): void {
    this.#recent.forgetAll();
    this.monitor.stop();
  }

  #holderDeps(): HolderDeps {
    return {
      server: this.deps.server,
      recent: this.#recent,
      pinLogin: async (io) => {
        const tokens = await login(this.deps, io, HOLDER_LOGIN);
        this.#recent.remember(tokens, true);
        return tokens;
      },
    };
  }

  /**
   * Tries a login without PIN from this card insertion's latest PIN login. Only while that same card is present;
   * the server applies the service's policy. Undefined when it declines (then the PIN is asked as usual).
   */
  async #reuse(io: OperationIo, serviceId: string): Promise<TokenSet | undefined> {
    const accessToken = this.#recent.latest();
    if (accessToken === undefined || this.monitor.state !== 'present') return undefined;
    throwIfCancelled(io.signal);
    try {
      const { tokens } = await this.deps.server.reuseLogin({ serviceId, accessToken });
      io.progress('done');
      return tokens;
    } catch (error) {
      if (REUSE_DECLINED.some((code) => isMadoguchiError(error, code))) return undefined;
      throw error;
    }
  }
}

function badMessage(message: string) {
  return new MadoguchiError('BAD_MESSAGE', message);
}
