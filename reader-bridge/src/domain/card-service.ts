import type { BasicFour, CreateChallengeRequest, TokenSet } from '@madoguchi/protocol';
import type { CardReader } from '../protocol/card-reader';
import type { Clock } from '../protocol/clock';
import type { ServerClient } from '../protocol/server-api';
import { CardMonitor } from './card-monitor';
import { readFacts } from './facts-flow';
import { login } from './login-flow';
import type { OperationIo } from './operation';
import { OperationLock } from './operation-lock';
import { signDocument } from './sign-flow';
import { cardStatus, type CardStatus } from './status-flow';

export interface CardServiceDeps {
  reader: CardReader;
  server: ServerClient;
  clock: Clock;
}

/** The bridge's domain facade: the four card operations, one at a time (BUSY for a second), and the card state. */
export class CardService {
  readonly monitor: CardMonitor;
  readonly #lock = new OperationLock();

  constructor(private readonly deps: CardServiceDeps) {
    this.monitor = new CardMonitor(deps.reader, this.#lock);
  }

  login(io: OperationIo, request: CreateChallengeRequest): Promise<TokenSet> {
    return this.#lock.run(() => login(this.deps, io, request));
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

  stop(): void {
    this.monitor.stop();
  }
}
