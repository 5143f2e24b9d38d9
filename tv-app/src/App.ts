import Lightning from '@lightningjs/core';
import { isMadoguchiError, type ErrorCode } from '@madoguchi/protocol/errors';
import type { BridgeMessage, CardState } from '@madoguchi/protocol/messages/index';
import type { ProgressStep } from '@madoguchi/protocol/messages/progress';
import { appContext } from './app-context';
import type BridgeClient from './bridge/BridgeClient';
import type { ConnectionState } from './bridge/BridgeClient';
import {
  IDLE,
  step,
  type Effect,
  type FlowEvent,
  type FlowScreen,
  type FlowState,
  type OperationRequest,
  type OperationResult,
} from './flow/operation-flow';
import { cityFlow } from './flows/city-flow';
import type { Counter } from './flows/counter';
import { hospitalFlow } from './flows/hospital-flow';
import { myCardFlow } from './flows/my-card-flow';
import { safetyFlow } from './flows/safety-flow';
import { transportFlow } from './flows/transport-flow';
import { ERROR_TEXT, JA } from './messages/ja';
import { ROUTES, type RouteName, type RouteParams } from './routes';
import { place, type ScreenMode } from './screen-history';
import type { HomeChoice } from './screens/Home';
import type { MessageParams } from './screens/Message';
import type Screen from './screens/Screen';
import type { ServiceKey } from './settings/app-settings';
import { COLORS, FONT_FAMILY, SCREEN } from './theme/theme';
import { textSpec } from './theme/text';

interface HistoryEntry {
  route: RouteName;
  params: unknown;
}

const CARD_STATE_TEXT: Record<Exclude<CardState, 'present'>, { sentence: string; next: string }> = {
  absent: { sentence: JA.card.absent, next: JA.card.waitingNext },
  'reader-missing': { sentence: ERROR_TEXT.READER_MISSING.sentence, next: JA.card.readerMissingNext },
  unreadable: ERROR_TEXT.CARD_UNREADABLE,
  'not-jpki': ERROR_TEXT.CARD_NOT_JPKI,
};

let operationCount = 0;
const newOperationId = () => `op-${Date.now().toString(36)}-${++operationCount}`;

/**
 * The counter itself: one screen at a time with its own Back history, the bridge connection (always shown when it is
 * not up), the card operation state machine, and the one announcer. Service flows talk to it through `Counter`.
 */
export default class App extends Lightning.Component implements Counter {
  private history: HistoryEntry[] = [];
  private bridge!: BridgeClient;
  private cardState: CardState = 'absent';
  private flow: FlowState = IDLE;
  /** History depth when the running operation started: where Back or a cancel returns to. */
  private operationDepth = 0;
  private settle: ((result: OperationResult | undefined) => void) | undefined;

  static getFonts() {
    return [{ family: FONT_FAMILY, url: 'fonts/madoguchi.woff' }];
  }

  static override _template() {
    return {
      w: SCREEN.w,
      h: SCREEN.h,
      Screens: {},
      Banner: {
        y: SCREEN.h - 110,
        w: SCREEN.w,
        h: 110,
        rect: true,
        color: COLORS.warning,
        Label: { x: SCREEN.marginX, y: 24, text: textSpec('body', JA.connection.connecting) },
      },
    };
  }

  get services() {
    return appContext().services;
  }

  get directory() {
    return appContext().directory;
  }

  serviceId(key: ServiceKey): string {
    return appContext().settings.services[key].serviceId;
  }

  override _init() {
    this.bridge = appContext().createBridge({
      message: (m) => this.onBridgeMessage(m),
      connection: (s) => this.onConnection(s),
    });
    this.bridge.connect();
    this.home();
  }

  // ── screens and history ──────────────────────────────────────────────────────────────────────────────────────

  navigate<R extends RouteName>(route: R, params: RouteParams<R>, mode: ScreenMode = 'push'): void {
    place(this.history, { route, params }, mode);
    this.render();
  }

  get depth(): number {
    return this.history.length;
  }

  private render(): void {
    const top = this.history[this.history.length - 1];
    if (!top) return;
    const screens = this.tag('Screens');
    screens.childList.clear();
    const screen = screens.childList.a({ type: ROUTES[top.route], params: top.params }) as Screen;
    // Said before focus moves into it, so the screen's sentence comes first and the focused item's name follows.
    appContext().announcer.screen(screen.spoken());
    this._refocus();
  }

  /** One step back; on Home there is nothing behind, so Back stays (the box's own Back-to-exit handles leaving). */
  $back(): void {
    if (this.flow.phase !== 'idle') return this.dispatch({ type: 'cancel' });
    if (this.history.length <= 1) return;
    this.history.pop();
    this.render();
  }

  override _handleBack() {
    this.$back();
  }

  _handleRepeat() {
    appContext().announcer.repeat();
  }

  override _getFocused() {
    return this.tag('Screens').childList.first as Lightning.Component | undefined;
  }

  $announceFocus(text: string) {
    appContext().announcer.focus(text);
  }

  $announce(text: string) {
    appContext().announcer.say(text);
  }

  home(): void {
    this.history = [];
    this.navigate('home', { onSelect: (choice) => this.choose(choice) });
  }

  private choose(choice: HomeChoice): void {
    switch (choice) {
      case 'disaster':
        return void safetyFlow(this);
      case 'hospital':
        return void hospitalFlow(this);
      case 'transport':
        return void transportFlow(this);
      case 'myCard':
        return void myCardFlow(this);
      case 'settings':
        return this.openSettings(0, 'push');
      case 'city':
        return cityFlow(this);
    }
  }

  private openSettings(focusIndex: number, mode: 'push' | 'replace'): void {
    // A new text size needs the screen rebuilt; the viewer stays on the same item.
    this.navigate('settings', { focusIndex, onChanged: (i) => this.openSettings(i, 'replace') }, mode);
  }

  // ── Counter: what service flows use ──────────────────────────────────────────────────────────────────────────

  show(params: MessageParams, mode: ScreenMode = 'push'): void {
    this.navigate('message', params, mode);
  }

  back(): void {
    this.$back();
  }

  progress(stepName: ProgressStep): void {
    this.navigate('progress', { step: stepName }, 'replace');
  }

  failed(error: unknown): void {
    if (isMadoguchiError(error)) return this.notice(error.code, undefined, 'replace');
    this.show(
      {
        heading: JA.notice.heading,
        body: [JA.notice.serviceFailed, JA.notice.serviceFailedNext],
        actions: [{ id: 'home', label: JA.notice.home }],
        onSelect: () => this.home(),
      },
      'replace',
    );
  }

  /** A refusal's own plain sentence and next step (and the PIN tries left, if any), with the way home. */
  private notice(code: ErrorCode, triesLeft: number | undefined, mode: 'push' | 'replace'): void {
    const text = ERROR_TEXT[code];
    const tries = triesLeft === undefined || code === 'PIN_BLOCKED' ? [] : [JA.notice.triesLeft(triesLeft)];
    this.navigate(
      'message',
      {
        heading: code === 'PIN_BLOCKED' ? JA.blocked.heading : JA.notice.heading,
        body: [text.sentence, text.next, ...tries],
        actions: [{ id: 'home', label: JA.notice.home }],
        onSelect: () => this.home(),
      },
      mode,
    );
  }

  cardOperation(request: OperationRequest): Promise<OperationResult | undefined> {
    return new Promise((resolve) => {
      this.settle = resolve;
      // A finished operation's progress screen is no step to go back to: the next one's screens replace it.
      const top = this.history[this.history.length - 1];
      this.operationDepth = this.history.length - (top?.route === 'progress' ? 1 : 0);
      if (this.bridge.connection !== 'open') {
        this.showFlow({ screen: 'bridge-down' });
        return this.finish(undefined);
      }
      this.dispatch({ type: 'start', request, cardState: this.cardState, operationId: newOperationId() });
    });
  }

  // ── the card operation ───────────────────────────────────────────────────────────────────────────────────────

  private dispatch(event: FlowEvent): void {
    const next = step(this.flow, event);
    this.flow = next.state;
    next.effects.forEach((effect) => this.apply(effect));
    if (this.flow.phase === 'idle') this.finish(undefined);
  }

  private apply(effect: Effect): void {
    switch (effect.type) {
      case 'send':
        if (!this.bridge.send(effect.message)) this.dispatch({ type: 'connection-lost' });
        return;
      case 'show':
        return this.showFlow(effect.show);
      case 'done':
        return this.finish(effect.result);
      case 'left':
        this.history.length = Math.max(1, this.operationDepth);
        return this.render();
    }
  }

  private finish(result: OperationResult | undefined): void {
    const settle = this.settle;
    this.settle = undefined;
    settle?.(result);
  }

  private showFlow(s: FlowScreen): void {
    // The first flow screen stacks on the screen the viewer came from; later ones replace it.
    const mode = this.history.length > this.operationDepth ? 'replace' : 'push';
    const cancel = () => this.dispatch({ type: 'cancel' });
    switch (s.screen) {
      case 'progress': {
        // The bridge confirms the step the TV already shows: keep the screen (and the speech) as it is.
        const top = this.history[this.history.length - 1];
        if (top?.route === 'progress' && (top.params as { step: string }).step === s.step) return;
        return this.navigate('progress', { step: s.step }, mode);
      }
      case 'pin':
        return this.navigate(
          'pin',
          { pin: s.pin, onSubmit: (pin) => this.dispatch({ type: 'pin', pin }), onLeave: cancel },
          mode,
        );
      case 'card': {
        const text = s.state === 'present' ? CARD_STATE_TEXT.absent : CARD_STATE_TEXT[s.state];
        return this.navigate(
          'message',
          {
            heading: JA.card.heading,
            body: [text.sentence, text.next],
            actions: [{ id: 'leave', label: JA.notice.leave }],
            onSelect: cancel,
          },
          mode,
        );
      }
      case 'last-try':
        return this.navigate(
          'message',
          {
            heading: JA.lastTry.heading,
            body: [JA.lastTry.body],
            actions: [
              { id: 'proceed', label: JA.lastTry.proceed },
              { id: 'stop', label: JA.lastTry.stop },
            ],
            onSelect: (id) => (id === 'proceed' ? this.dispatch({ type: 'confirm-last-try' }) : cancel()),
          },
          mode,
        );
      case 'notice':
        return this.notice(s.code, s.triesLeft, mode);
      case 'bridge-down':
        return this.navigate(
          'message',
          {
            heading: JA.notice.heading,
            body: [JA.connection.down],
            actions: [{ id: 'home', label: JA.notice.home }],
            onSelect: () => this.home(),
          },
          mode,
        );
    }
  }

  private onBridgeMessage(message: BridgeMessage): void {
    if (message.type === 'card.state') {
      this.cardState = message.state;
      return this.dispatch({ type: 'card', state: message.state, operationId: newOperationId() });
    }
    this.dispatch({ type: 'bridge', message });
  }

  private onConnection(state: ConnectionState): void {
    this.tag('Banner').patch({
      visible: state !== 'open',
      Label: { text: { text: state === 'connecting' ? JA.connection.connecting : JA.connection.down } },
    });
    if (state === 'down') {
      this.$announce(JA.connection.down);
      this.dispatch({ type: 'connection-lost' });
    }
  }
}
