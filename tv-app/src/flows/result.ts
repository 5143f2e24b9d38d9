import { JA } from '../messages/ja';
import type { MessageParams } from '../screens/Message';
import type { Counter } from './counter';

/** A finished step: what happened and what to do next, with the way home. It replaces the progress screen. */
export function showResult(counter: Counter, result: Omit<MessageParams, 'actions' | 'onSelect'>): void {
  counter.show(
    { ...result, actions: [{ id: 'home', label: JA.notice.home }], onSelect: () => counter.home() },
    'replace',
  );
}
