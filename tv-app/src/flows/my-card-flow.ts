import type { Counter } from './counter';
import { JA } from '../messages/ja';

const day = (iso: string) => iso.slice(0, 10).replace(/-/g, '/');

/** わたしのカード: tries left and certificate dates, read without a PIN. */
export async function myCardFlow(counter: Counter): Promise<void> {
  const result = await counter.cardOperation({ kind: 'status' });
  if (!result || result.type !== 'card.status.result') return;
  const body = [
    JA.myCard.triesAuth(result.triesLeft.auth),
    ...(result.triesLeft.sign === undefined ? [] : [JA.myCard.triesSign(result.triesLeft.sign)]),
    JA.myCard.validity(day(result.authCertificate.notBefore), day(result.authCertificate.notAfter)),
  ];
  counter.show(
    {
      heading: JA.myCard.heading,
      body,
      actions: [{ id: 'home', label: JA.notice.home }],
      onSelect: () => counter.home(),
    },
    'replace',
  );
}
