import { WebSocketServer, type WebSocket } from 'ws';
import type { HolderLink } from '@madoguchi/protocol/messages/links';
import {
  parseTvMessage,
  type BridgeMessage,
  type CardState,
  type PinNeeded,
  type TvMessage,
} from '@madoguchi/protocol/messages/index';
import { REGISTRATIONS } from '../../../mocks/services/src/registrations';

type Operation =
  | { id: string; kind: 'login' | 'link' | 'links-remove'; serviceId: string }
  | { id: string; kind: 'links' }
  | { id: string; kind: 'sign'; document: string };

const NAMES = new Map(Object.values(REGISTRATIONS).map((r) => [r.id, r.name]));
/** 10:00 in Japan on 1 April, and 08:30 on 21 November in Japan (still the 20th in UTC). */
const LINKED_AT = '2026-04-01T01:00:00.000Z';
const LAST_USED_AT = '2026-11-20T23:30:00.000Z';

/**
 * A stand-in reader-bridge for the TV's tests: speaks the protocol messages (validating everything the TV sends),
 * with a virtual card whose PINs, tries and presence the test controls, and an auth-server whose links it keeps: a
 * login to a service the card is not linked to is refused LINK_REQUIRED at the challenge, before any PIN, as the
 * real bridge and server do. A link asks the auth (or sign) PIN only: the card-info PIN the real bridge also asks
 * for facts from the card-info AP is left to the whole-stack tests (mocks/stack).
 * Tokens name their service (`access-<id>`; a link's ID token `link-id-<id>`). The holder's links (links.list,
 * links.remove) cost one PIN per card insertion, as the bridge keeps its holder login until the card leaves. Every
 * message from the TV is recorded.
 */
export class FakeBridge {
  readonly received: TvMessage[] = [];
  cardState: CardState = 'present';
  pin = '1234';
  triesLeft = 3;
  signPin = 'AB12CD';
  signTriesLeft = 5;
  /** Services the card is linked to (all four sample services unless a test removes one). */
  readonly linked = new Set(['gyosei', 'bosai', 'byoin', 'kotsu']);
  /** Services for which the bridge reuses a recent PIN login (POST /v1/logins/reuse): no PIN asked. */
  readonly recentLogin = new Set<string>();
  /** The holder login (links.list / links.remove) of this card insertion, after its PIN. */
  private holderLoggedIn = false;
  private server: WebSocketServer | undefined;
  private sockets = new Set<WebSocket>();
  private operation: Operation | undefined;

  constructor(private port = 0) {}

  get url(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const server = new WebSocketServer({ host: '127.0.0.1', port: this.port });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    this.port = (server.address() as { port: number }).port;
    this.server = server;
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('message', (data) => this.receive(socket, String(data)));
      this.send(socket, { type: 'card.state', state: this.cardState });
    });
  }

  /** Stops listening and drops every connection (the bridge went down); `start()` again brings it back. */
  async stop(): Promise<void> {
    for (const s of this.sockets) s.terminate();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = undefined;
  }

  setCard(state: CardState): void {
    this.cardState = state;
    if (state !== 'present') this.holderLoggedIn = false;
    for (const s of this.sockets) this.send(s, { type: 'card.state', state });
    if (state !== 'present' && this.operation) {
      for (const s of this.sockets) this.send(s, this.error('CARD_REMOVED'));
      this.operation = undefined;
    }
  }

  /** Sends anything, even what the protocol does not allow, to every TV (to test that the TV drops it). */
  sendRaw(data: string): void {
    for (const s of this.sockets) s.send(data);
  }

  private send(socket: WebSocket, message: BridgeMessage): void {
    socket.send(JSON.stringify(message));
  }

  private error(
    code: 'CARD_REMOVED' | 'PIN_BLOCKED' | 'CANCELLED' | 'LINK_REQUIRED' | 'NOT_FOUND',
    operationId = this.operation?.id ?? 'none',
  ): BridgeMessage {
    return { type: 'error', operationId, code, message: code };
  }

  private isSign(): boolean {
    return this.operation?.kind === 'sign';
  }

  private tries(): number {
    return this.isSign() ? this.signTriesLeft : this.triesLeft;
  }

  private pinNeeded(retryReason?: PinNeeded['retryReason']): BridgeMessage {
    const sign = this.isSign();
    return {
      type: 'pin.needed',
      operationId: this.operation!.id,
      pinKind: sign ? 'sign' : 'auth',
      triesLeft: this.tries(),
      lastTry: this.tries() === 1,
      minLength: sign ? 6 : 4,
      maxLength: sign ? 16 : 4,
      ...(retryReason ? { retryReason } : {}),
    };
  }

  private receive(socket: WebSocket, raw: string): void {
    const message = parseTvMessage(JSON.parse(raw));
    this.received.push(message);
    const reply = (m: BridgeMessage) => this.send(socket, m);
    switch (message.type) {
      case 'login.start':
        this.operation = {
          id: message.operationId,
          kind: message.purpose === 'link' ? 'link' : 'login',
          serviceId: message.serviceId,
        };
        reply({ type: 'progress', operationId: message.operationId, step: 'challenge' });
        // As the real bridge and auth-server: a login to an unlinked service is refused at the challenge, before
        // any PIN (the certificate, read without one, goes with the challenge request).
        if (this.operation.kind === 'login' && !this.linked.has(message.serviceId)) {
          this.operation = undefined;
          return reply(this.error('LINK_REQUIRED', message.operationId));
        }
        if (this.operation.kind === 'login' && this.recentLogin.has(message.serviceId))
          return this.succeed(reply);
        return this.askPin(reply);
      case 'links.list':
      case 'links.remove':
        this.operation =
          message.type === 'links.list'
            ? { id: message.operationId, kind: 'links' }
            : { id: message.operationId, kind: 'links-remove', serviceId: message.serviceId };
        reply({ type: 'progress', operationId: message.operationId, step: 'challenge' });
        return this.holderLoggedIn ? this.succeed(reply) : this.askPin(reply);
      case 'sign.start':
        this.operation = { id: message.operationId, kind: 'sign', document: message.document };
        reply({ type: 'progress', operationId: message.operationId, step: 'reading' });
        return this.askPin(reply);
      case 'pin.submit':
        return this.checkPin(reply, message.pin, message.confirmLastTry === true);
      case 'pin.cancel':
        reply(this.error('CANCELLED'));
        this.operation = undefined;
        return;
      case 'card.status':
        reply({
          type: 'card.status.result',
          operationId: message.operationId,
          triesLeft: { auth: this.triesLeft, sign: this.signTriesLeft, cardInfo: 3 },
          hasSignCertificate: true,
          authCertificate: { notBefore: '2024-04-01T00:00:00.000Z', notAfter: '2029-04-01T00:00:00.000Z' },
        });
        return;
      default:
        return;
    }
  }

  private askPin(reply: (m: BridgeMessage) => void, retryReason?: PinNeeded['retryReason']): void {
    if (this.tries() > 0) return reply(this.pinNeeded(retryReason));
    reply(this.error('PIN_BLOCKED'));
    this.operation = undefined;
  }

  private checkPin(reply: (m: BridgeMessage) => void, pin: string, confirmed: boolean): void {
    const op = this.operation;
    if (!op) return;
    if (this.tries() === 1 && !confirmed) return reply(this.pinNeeded('PIN_LAST_TRY_CONFIRM_REQUIRED'));
    reply({ type: 'progress', operationId: op.id, step: 'pin-check' });
    const sign = op.kind === 'sign';
    if (pin !== (sign ? this.signPin : this.pin)) {
      if (sign) this.signTriesLeft -= 1;
      else this.triesLeft -= 1;
      return this.askPin(reply, 'PIN_WRONG');
    }
    if (sign) this.signTriesLeft = 5;
    else this.triesLeft = 3;
    this.succeed(reply);
  }

  private succeed(reply: (m: BridgeMessage) => void): void {
    const op = this.operation!;
    this.operation = undefined;
    reply({ type: 'progress', operationId: op.id, step: 'signing' });
    if (op.kind === 'links' || op.kind === 'links-remove') return this.answerLinks(reply, op);
    if (op.kind === 'sign') {
      reply({ type: 'sign.done', operationId: op.id, cms: op.document });
      return;
    }
    if (op.kind === 'link') this.linked.add(op.serviceId);
    reply({ type: 'progress', operationId: op.id, step: 'sending' });
    reply({
      type: 'login.done',
      operationId: op.id,
      tokens: {
        tokenType: 'Bearer',
        accessToken: `access-${op.serviceId}`,
        idToken: `${op.kind === 'link' ? 'link-id' : 'id'}-${op.serviceId}`,
        expiresIn: 600,
        acr: 'auth',
      },
    });
  }

  private answerLinks(reply: (m: BridgeMessage) => void, op: Operation): void {
    this.holderLoggedIn = true;
    if (op.kind === 'links-remove' && !this.linked.delete(op.serviceId))
      return reply(this.error('NOT_FOUND', op.id));
    reply({ type: 'progress', operationId: op.id, step: 'sending' });
    reply({ type: 'links.result', operationId: op.id, links: [...this.linked].map(holderLink) });
  }
}

function holderLink(serviceId: string): HolderLink {
  return {
    serviceId,
    name: NAMES.get(serviceId) ?? serviceId,
    status: 'active',
    linkedAt: LINKED_AT,
    lastUsedAt: LAST_USED_AT,
    factsShared: [],
    factsSource: null,
  };
}
