import { WebSocketServer, type WebSocket } from 'ws';
import {
  parseTvMessage,
  type BridgeMessage,
  type CardState,
  type TvMessage,
} from '@madoguchi/protocol/messages/index';

/**
 * A stand-in reader-bridge for the TV's tests: speaks the protocol messages (validating everything the TV sends),
 * with a virtual card whose PIN, tries and presence the test controls. Every message sent by the TV is recorded.
 */
export class FakeBridge {
  readonly received: TvMessage[] = [];
  cardState: CardState = 'present';
  pin = '1234';
  triesLeft = 3;
  private server: WebSocketServer | undefined;
  private sockets = new Set<WebSocket>();
  private operation: string | undefined;

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
    for (const s of this.sockets) this.send(s, { type: 'card.state', state });
    if (state !== 'present' && this.operation) {
      for (const s of this.sockets) this.send(s, this.error('CARD_REMOVED'));
      this.operation = undefined;
    }
  }

  private send(socket: WebSocket, message: BridgeMessage): void {
    socket.send(JSON.stringify(message));
  }

  private error(code: 'CARD_REMOVED' | 'PIN_BLOCKED' | 'CANCELLED'): BridgeMessage {
    return { type: 'error', operationId: this.operation ?? 'none', code, message: code };
  }

  private pinNeeded(
    operationId: string,
    retryReason?: 'PIN_WRONG' | 'PIN_LAST_TRY_CONFIRM_REQUIRED',
  ): BridgeMessage {
    const base = {
      type: 'pin.needed' as const,
      operationId,
      pinKind: 'auth' as const,
      triesLeft: this.triesLeft,
    };
    return {
      ...base,
      lastTry: this.triesLeft === 1,
      minLength: 4,
      maxLength: 4,
      ...(retryReason ? { retryReason } : {}),
    };
  }

  private receive(socket: WebSocket, raw: string): void {
    const message = parseTvMessage(JSON.parse(raw));
    this.received.push(message);
    const reply = (m: BridgeMessage) => this.send(socket, m);
    switch (message.type) {
      case 'login.start':
        this.operation = message.operationId;
        reply({ type: 'progress', operationId: message.operationId, step: 'challenge' });
        if (this.triesLeft === 0) {
          reply(this.error('PIN_BLOCKED'));
          this.operation = undefined;
        } else reply(this.pinNeeded(message.operationId));
        return;
      case 'pin.submit':
        return this.checkPin(reply, message.operationId, message.pin, message.confirmLastTry === true);
      case 'pin.cancel':
        reply(this.error('CANCELLED'));
        this.operation = undefined;
        return;
      case 'card.status':
        reply({
          type: 'card.status.result',
          operationId: message.operationId,
          triesLeft: { auth: this.triesLeft, sign: 5, cardInfo: 3 },
          hasSignCertificate: true,
          authCertificate: { notBefore: '2024-04-01T00:00:00.000Z', notAfter: '2029-04-01T00:00:00.000Z' },
        });
        return;
      default:
        return;
    }
  }

  private checkPin(
    reply: (m: BridgeMessage) => void,
    operationId: string,
    pin: string,
    confirmed: boolean,
  ): void {
    if (this.triesLeft === 1 && !confirmed)
      return reply(this.pinNeeded(operationId, 'PIN_LAST_TRY_CONFIRM_REQUIRED'));
    reply({ type: 'progress', operationId, step: 'pin-check' });
    if (pin !== this.pin) {
      this.triesLeft -= 1;
      if (this.triesLeft === 0) {
        reply(this.error('PIN_BLOCKED'));
        this.operation = undefined;
        return;
      }
      return reply(this.pinNeeded(operationId, 'PIN_WRONG'));
    }
    this.triesLeft = 3;
    reply({ type: 'progress', operationId, step: 'signing' });
    reply({ type: 'progress', operationId, step: 'sending' });
    reply({
      type: 'login.done',
      operationId,
      tokens: {
        tokenType: 'Bearer',
        accessToken: 'token-for-tests',
        idToken: 'id',
        expiresIn: 300,
        acr: 'auth',
      },
    });
    this.operation = undefined;
  }
}
