import type { Counter } from './counter';
import { showResult } from './result';
import { JA } from '../messages/ja';

/** わたしのカード: tries left and certificate dates, read without a PIN. */
export async function myCardFlow(counter: Counter): Promise<void> {
  const result = await counter.cardOperation({ kind: 'status' });
  if (!result || result.type !== 'card.status.result') return;
  showResult(counter, {
    heading: JA.myCard.heading,
    body: [
      JA.myCard.triesAuth(result.triesLeft.auth),
      ...(result.triesLeft.sign === undefined ? [] : [JA.myCard.triesSign(result.triesLeft.sign)]),
      JA.myCard.validity(JA.date(result.authCertificate.notBefore), JA.date(result.authCertificate.notAfter)),
    ],
  });
}
