import type { Counter } from './counter';
import type { ServiceKey } from '../settings/app-settings';
import { JA } from '../messages/ja';

export interface LookupResult {
  heading: string;
  body: string[];
  big: string;
}

/** Log in, ask the service one thing, show the answer large with the way home: the hospital and the bus pass. */
export async function lookupFlow<T>(
  counter: Counter,
  key: ServiceKey,
  ask: (token: string) => Promise<T>,
  render: (answer: T) => LookupResult,
): Promise<void> {
  const token = await counter.login(key);
  if (!token) return;
  counter.progress('sending');
  let answer: T;
  try {
    answer = await ask(token);
  } catch {
    counter.serviceFailed();
    return;
  }
  counter.show(
    { ...render(answer), actions: [{ id: 'home', label: JA.notice.home }], onSelect: () => counter.home() },
    'replace',
  );
}
