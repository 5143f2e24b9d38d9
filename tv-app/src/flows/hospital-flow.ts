import type { Counter } from './counter';
import { lookupFlow } from './lookup-flow';
import { JA } from '../messages/ja';

/** 病院: check in with the auth PIN and get a queue number, shown large. */
export function hospitalFlow(counter: Counter): Promise<void> {
  return lookupFlow(
    counter,
    'hospital',
    (token) => counter.services.checkIn(token),
    ({ queueNumber }) => ({
      heading: JA.hospital.queued,
      body: [JA.hospital.next],
      big: JA.hospital.queueNumber(queueNumber),
    }),
  );
}
