import type { ErrorCode } from '@madoguchi/protocol/errors';
import type {
  BridgeMessage,
  CardState,
  CardStatusResult,
  ErrorMessage,
  FactsResult,
  LinksResult,
  LoginDone,
  PinNeeded,
  ProgressStep,
  SignDone,
  TvMessage,
} from '@madoguchi/protocol/messages/index';
import type { LinkConsent } from '@madoguchi/protocol/messages/login';

/**
 * One card operation from the viewer's choice to its result, as a pure state machine: events in (bridge messages,
 * card state, the viewer's answers), effects out (messages to send, the screen to show). The App interprets the
 * effects; keeping the rules here makes every path testable without a renderer.
 */
export type OperationRequest =
  | { kind: 'login'; serviceId: string }
  | { kind: 'link'; serviceId: string; consent: LinkConsent }
  | { kind: 'sign'; document: string }
  | { kind: 'status' }
  | { kind: 'facts' }
  /** The holder's own links (わたしのカード); the bridge asks the auth PIN unless this card insertion gave it. */
  | { kind: 'links' }
  | { kind: 'links-remove'; serviceId: string };

/**
 * What the operation gave. A login refused with LINK_REQUIRED is a result, not an error screen: it is a first use,
 * and the service's flow answers it with the consent screen and a link.
 */
export type OperationResult =
  | LoginDone
  | SignDone
  | CardStatusResult
  | FactsResult
  | LinksResult
  | (ErrorMessage & { code: 'LINK_REQUIRED' });

export type FlowScreen =
  | { screen: 'card'; state: CardState }
  | { screen: 'progress'; step: ProgressStep }
  | { screen: 'last-try'; pin: PinNeeded }
  | { screen: 'pin'; pin: PinNeeded; confirmLastTry: boolean }
  | { screen: 'notice'; code: ErrorCode; triesLeft?: number }
  | { screen: 'bridge-down' };

export type Effect =
  | { type: 'send'; message: TvMessage }
  | { type: 'show'; show: FlowScreen }
  | { type: 'done'; result: OperationResult }
  /** The operation ended without a result and the viewer stays where they were (they cancelled). */
  | { type: 'left' };

export type FlowState =
  | { phase: 'idle' }
  | { phase: 'waiting-card'; request: OperationRequest }
  | {
      phase: 'running';
      request: OperationRequest;
      operationId: string;
      pin?: PinNeeded;
      confirmLastTry?: boolean;
    };

export type FlowEvent =
  | { type: 'start'; request: OperationRequest; cardState: CardState; operationId: string }
  | { type: 'card'; state: CardState; operationId: string }
  | { type: 'bridge'; message: BridgeMessage }
  | { type: 'connection-lost' }
  | { type: 'pin'; pin: string }
  | { type: 'confirm-last-try' }
  | { type: 'cancel' };

export const IDLE: FlowState = { phase: 'idle' };

interface Step {
  state: FlowState;
  effects: Effect[];
}

const show = (s: FlowScreen): Effect => ({ type: 'show', show: s });

function startMessage(request: OperationRequest, operationId: string): TvMessage {
  switch (request.kind) {
    case 'login':
      return { type: 'login.start', operationId, serviceId: request.serviceId };
    case 'link':
      return {
        type: 'login.start',
        operationId,
        serviceId: request.serviceId,
        purpose: 'link',
        consent: request.consent,
      };
    case 'sign':
      return { type: 'sign.start', operationId, document: request.document };
    case 'status':
      return { type: 'card.status', operationId };
    case 'facts':
      return { type: 'facts.read', operationId };
    case 'links':
      return { type: 'links.list', operationId };
    case 'links-remove':
      return { type: 'links.remove', operationId, serviceId: request.serviceId };
  }
}

/** Logins (and the holder's links, which log in to the holder's own audience) start at the server's challenge. */
const FIRST_STEP: Record<OperationRequest['kind'], ProgressStep> = {
  login: 'challenge',
  link: 'challenge',
  links: 'challenge',
  'links-remove': 'challenge',
  sign: 'reading',
  status: 'reading',
  facts: 'reading',
};

function run(request: OperationRequest, operationId: string): Step {
  return {
    state: { phase: 'running', request, operationId },
    effects: [
      { type: 'send', message: startMessage(request, operationId) },
      show({ screen: 'progress', step: FIRST_STEP[request.kind] }),
    ],
  };
}

function onBridge(state: Extract<FlowState, { phase: 'running' }>, message: BridgeMessage): Step {
  if (!('operationId' in message) || message.operationId !== state.operationId) {
    return { state, effects: [] };
  }
  switch (message.type) {
    case 'progress':
      return { state, effects: [show({ screen: 'progress', step: message.step })] };
    case 'pin.needed':
      // Before the last try the viewer first sees a separate, calm warning; only then the digits.
      return message.lastTry
        ? { state: { ...state, pin: message }, effects: [show({ screen: 'last-try', pin: message })] }
        : {
            state: { ...state, pin: message, confirmLastTry: false },
            effects: [show({ screen: 'pin', pin: message, confirmLastTry: false })],
          };
    case 'error':
      if (message.code === 'LINK_REQUIRED' && state.request.kind === 'login') {
        return { state: IDLE, effects: [{ type: 'done', result: { ...message, code: message.code } }] };
      }
      return {
        state: IDLE,
        effects: [
          message.code === 'CANCELLED'
            ? { type: 'left' }
            : show(
                message.triesLeft === undefined
                  ? { screen: 'notice', code: message.code }
                  : { screen: 'notice', code: message.code, triesLeft: message.triesLeft },
              ),
        ],
      };
    case 'login.done':
    case 'sign.done':
    case 'card.status.result':
    case 'facts.result':
    case 'links.result':
      return { state: IDLE, effects: [{ type: 'done', result: message }] };
    default:
      return { state, effects: [] };
  }
}

export function step(state: FlowState, event: FlowEvent): Step {
  switch (event.type) {
    case 'start':
      if (state.phase !== 'idle') return { state, effects: [] };
      return event.cardState === 'present'
        ? run(event.request, event.operationId)
        : {
            state: { phase: 'waiting-card', request: event.request },
            effects: [show({ screen: 'card', state: event.cardState })],
          };
    case 'card':
      if (state.phase === 'waiting-card') {
        return event.state === 'present'
          ? run(state.request, event.operationId)
          : { state, effects: [show({ screen: 'card', state: event.state })] };
      }
      // The card left mid-operation: say so at once rather than wait for the bridge's own error.
      if (state.phase === 'running' && event.state !== 'present') {
        return { state: IDLE, effects: [show({ screen: 'notice', code: 'CARD_REMOVED' })] };
      }
      return { state, effects: [] };
    case 'bridge':
      return state.phase === 'running' ? onBridge(state, event.message) : { state, effects: [] };
    case 'connection-lost':
      return state.phase === 'idle'
        ? { state, effects: [] }
        : { state: IDLE, effects: [show({ screen: 'bridge-down' })] };
    case 'confirm-last-try':
      if (state.phase !== 'running' || !state.pin) return { state, effects: [] };
      return {
        state: { ...state, confirmLastTry: true },
        effects: [show({ screen: 'pin', pin: state.pin, confirmLastTry: true })],
      };
    case 'pin': {
      if (state.phase !== 'running' || !state.pin) return { state, effects: [] };
      const message: TvMessage = state.confirmLastTry
        ? { type: 'pin.submit', operationId: state.operationId, pin: event.pin, confirmLastTry: true }
        : { type: 'pin.submit', operationId: state.operationId, pin: event.pin };
      return {
        state: { ...state, pin: undefined },
        effects: [{ type: 'send', message }, show({ screen: 'progress', step: 'pin-check' })],
      };
    }
    case 'cancel':
      if (state.phase === 'running') {
        return {
          state: IDLE,
          effects: [
            { type: 'send', message: { type: 'pin.cancel', operationId: state.operationId } },
            { type: 'left' },
          ],
        };
      }
      return { state: IDLE, effects: state.phase === 'idle' ? [] : [{ type: 'left' }] };
  }
}
