import {
  isMadoguchiError,
  MadoguchiError,
  PIN_POLICY,
  type BridgeMessage,
  type ErrorMessage,
  type TvMessage,
} from '@madoguchi/protocol';
import type { Logger } from 'pino';
import { base64url } from '../domain/base64url';
import type { CardService } from '../domain/card-service';
import type { OperationIo, PinAnswer } from '../domain/operation';
import { PinSecret } from '../domain/pin-secret';
import type { WsConnection, WsHandlers } from '../transport/ws-server';

type Connection = WsConnection<BridgeMessage>;

interface RunningOperation {
  readonly controller: AbortController;
  /** Set while the flow waits for the viewer's PIN. */
  pending?: { resolve(answer: PinAnswer): void; reject(error: unknown): void };
}

/**
 * Turns TV messages into card operations and their results back into messages. Card-state events go to every
 * connection; an operation belongs to the connection that started it (only it can answer its PIN request) and is
 * cancelled when that connection goes away. PINs are handed from the frame straight into a PinSecret; nothing here
 * logs or echoes message bodies.
 */
export class TvGateway implements WsHandlers<TvMessage, BridgeMessage> {
  readonly #connections = new Map<
    number,
    { connection: Connection; operations: Map<string, RunningOperation> }
  >();
  readonly #stopWatching: () => void;

  constructor(
    private readonly service: CardService,
    private readonly log: Logger,
    private readonly options: { pinEntryTimeoutMs: number },
  ) {
    this.#stopWatching = service.monitor.onChange((state) => {
      log.info({ cardState: state }, 'card state');
      for (const { connection } of this.#connections.values()) connection.send({ type: 'card.state', state });
    });
  }

  connected(connection: Connection): void {
    this.#connections.set(connection.id, { connection, operations: new Map() });
    this.log.info({ connection: connection.id }, 'TV connected');
    connection.send({ type: 'card.state', state: this.service.monitor.state });
  }

  closed(connection: Connection): void {
    const entry = this.#connections.get(connection.id);
    this.#connections.delete(connection.id);
    for (const operation of entry?.operations.values() ?? []) operation.controller.abort();
    this.log.info({ connection: connection.id }, 'TV disconnected');
  }

  refused(connection: Connection, reason: string): void {
    this.log.warn({ connection: connection.id, reason }, 'message refused');
  }

  message(connection: Connection, message: TvMessage): void {
    switch (message.type) {
      case 'login.start':
        return this.#start(connection, message.operationId, async (io) => {
          const { tokens, reused } = await this.service.login(io, {
            serviceId: message.serviceId,
            purpose: message.purpose ?? 'login',
            ...(message.consent ? { consent: message.consent } : {}),
            ...(message.freshLogin !== undefined ? { freshLogin: message.freshLogin } : {}),
          });
          return {
            type: 'login.done',
            operationId: message.operationId,
            tokens,
            ...(reused ? { reused } : {}),
          };
        });
      case 'links.list':
        return this.#start(connection, message.operationId, async (io) => ({
          type: 'links.result',
          operationId: message.operationId,
          links: await this.service.links(io),
        }));
      case 'links.remove':
        return this.#start(connection, message.operationId, async (io) => ({
          type: 'links.result',
          operationId: message.operationId,
          links: await this.service.removeLink(io, message.serviceId),
        }));
      case 'sign.start': {
        const document = Buffer.from(message.document, 'base64url');
        return this.#start(connection, message.operationId, async (io) => ({
          type: 'sign.done',
          operationId: message.operationId,
          cms: base64url(await this.service.sign(io, document)),
        }));
      }
      case 'card.status':
        return this.#start(connection, message.operationId, async (io) => ({
          type: 'card.status.result',
          operationId: message.operationId,
          ...(await this.service.status(io)),
        }));
      case 'facts.read':
        return this.#start(connection, message.operationId, async (io) => ({
          type: 'facts.result',
          operationId: message.operationId,
          facts: await this.service.facts(io),
        }));
      case 'pin.submit': {
        const pin = PinSecret.fromText(message.pin);
        // Drop our reference to the parsed string at once; only the wipeable copy travels on.
        (message as { pin: string }).pin = '';
        const operation = this.#operation(connection, message.operationId);
        const pending = operation?.pending;
        if (!operation || !pending) {
          pin.wipe();
          return connection.send(badMessage('no PIN was asked for that operation on this connection'));
        }
        // One answer per request: a second submit before the next pin.needed is refused, not silently dropped.
        operation.pending = undefined;
        return pending.resolve({ pin, confirmLastTry: message.confirmLastTry === true });
      }
      case 'pin.cancel': {
        const operation = this.#operation(connection, message.operationId);
        if (!operation) return connection.send(badMessage('no such operation on this connection'));
        return operation.controller.abort();
      }
    }
  }

  stop(): void {
    this.#stopWatching();
    for (const entry of this.#connections.values()) {
      for (const operation of entry.operations.values()) operation.controller.abort();
    }
  }

  #operation(connection: Connection, operationId: string): RunningOperation | undefined {
    return this.#connections.get(connection.id)?.operations.get(operationId);
  }

  #start(
    connection: Connection,
    operationId: string,
    run: (io: OperationIo) => Promise<BridgeMessage>,
  ): void {
    const operations = this.#connections.get(connection.id)?.operations;
    if (!operations) return;
    if (operations.has(operationId))
      return connection.send(badMessage('that operation id is already running'));
    const operation: RunningOperation = { controller: new AbortController() };
    operations.set(operationId, operation);
    const { signal } = operation.controller;
    signal.addEventListener('abort', () => {
      operation.pending?.reject(cancelled(signal.reason));
      operation.pending = undefined;
    });
    const io: OperationIo = {
      signal,
      progress: (step) => connection.send({ type: 'progress', operationId, step }),
      askPin: (request) =>
        new Promise<PinAnswer>((resolve, reject) => {
          if (signal.aborted) return reject(cancelled(signal.reason));
          // A PIN request left unanswered would hold the card (BUSY for every tab) until the TV goes away.
          const timer = setTimeout(
            () => operation.controller.abort(PIN_ENTRY_TIMED_OUT),
            this.options.pinEntryTimeoutMs,
          );
          operation.pending = {
            resolve: (answer) => {
              clearTimeout(timer);
              resolve(answer);
            },
            reject: (error) => {
              clearTimeout(timer);
              reject(error);
            },
          };
          const { minLength, maxLength } = PIN_POLICY[request.pinKind];
          connection.send({ type: 'pin.needed', operationId, ...request, minLength, maxLength });
        }),
    };
    const log = this.log.child({ connection: connection.id, operationId });
    log.info('operation started');
    run(io)
      .then(
        (result) => {
          log.info('operation done');
          connection.send(result);
        },
        (error: unknown) => {
          const reply = errorReply(operationId, error);
          log[reply.code === 'INTERNAL' ? 'error' : 'info'](
            { code: reply.code, err: internalOnly(error) },
            'operation failed',
          );
          connection.send(reply);
        },
      )
      .finally(() => operations.delete(operationId));
  }
}

function errorReply(operationId: string, error: unknown): ErrorMessage {
  if (!isMadoguchiError(error)) {
    return { type: 'error', operationId, code: 'INTERNAL', message: 'the card service failed' };
  }
  return {
    type: 'error',
    operationId,
    code: error.code,
    message: error.message,
    ...(error.triesLeft === undefined ? {} : { triesLeft: error.triesLeft }),
  };
}

/** Only unexpected errors are logged with their stack: coded ones say all there is in their code. */
function internalOnly(error: unknown): unknown {
  return isMadoguchiError(error) ? undefined : error;
}

function badMessage(message: string): ErrorMessage {
  return { type: 'error', code: 'BAD_MESSAGE', message };
}

const PIN_ENTRY_TIMED_OUT = 'no PIN was entered in time';

function cancelled(reason?: unknown): MadoguchiError {
  return new MadoguchiError(
    'CANCELLED',
    reason === PIN_ENTRY_TIMED_OUT ? `the operation was cancelled: ${reason}` : 'the operation was cancelled',
  );
}
