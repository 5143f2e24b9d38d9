import type { Counter } from './counter';
import { lookupFlow } from './lookup-flow';
import { JA } from '../messages/ja';

/** 交通: the senior bus pass, shown large enough to hold up to the driver. */
export function transportFlow(counter: Counter): Promise<void> {
  return lookupFlow(
    counter,
    'transport',
    (token) => counter.services.busPass(token),
    ({ validUntil }) => ({
      heading: JA.transport.heading,
      body: [JA.transport.next],
      big: JA.transport.valid(validUntil),
    }),
  );
}
