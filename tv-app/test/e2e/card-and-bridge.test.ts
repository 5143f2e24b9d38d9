import { checkScreen } from '../helpers/screen-check';
import { KEY, Tv } from '../helpers/tv';

let tv: Tv;
afterEach(async () => tv?.close());

it('asks for the card until one is placed, then goes on by itself', async () => {
  tv = await Tv.open((bridge) => (bridge.cardState = 'absent'));
  await tv.press(KEY.Red);
  await tv.waitForSpeech('カードを置いてください');
  const problems = await checkScreen(tv, 'card-absent');
  tv.bridge.setCard('not-jpki');
  await tv.waitForSpeech('マイナンバーカードではないカード');
  problems.push(...(await checkScreen(tv, 'card-not-jpki')));
  tv.bridge.setCard('present');
  await tv.waitForSpeech('暗証番号を入れてください');
  expect(problems).toEqual([]);
});

it('says plainly when the card is pulled out in the middle, and offers the way home', async () => {
  tv = await Tv.open();
  await tv.press(KEY.Enter);
  await tv.waitForSpeech('暗証番号を入れてください');
  await tv.typeDigits('12');
  tv.bridge.setCard('absent');
  const removed = await tv.waitForSpeech('途中でカードが外れました');
  expect(removed.text).toContain('カードを置き直して');
  const problems = await checkScreen(tv, 'card-removed');
  await tv.press(KEY.Back);
  await tv.waitForSpeech('どれを使いますか');
  expect(problems).toEqual([]);
});

it('shows and says when the bridge is down, never spends a PIN try, and reconnects', async () => {
  tv = await Tv.open();
  await tv.bridge.stop();
  await tv.waitForSpeech('読み取り機につながっていません');
  await tv.press(KEY.Enter);
  await tv.page.waitForTimeout(300);
  const problems = await checkScreen(tv, 'bridge-down');
  expect(tv.bridge.received).toEqual([]);
  await tv.bridge.start();
  await tv.press(KEY.Back);
  await tv.waitForSpeech('どれを使いますか');
  // Reconnected (backoff ≤ 1 s after one failure): a service starts again.
  await tv.page.waitForTimeout(1500);
  await tv.press(KEY.Enter);
  await tv.waitForSpeech('暗証番号を入れてください');
  expect(problems).toEqual([]);
});

it('drops every message off the protocol (the check compiled into the bundle), and goes on with the valid ones', async () => {
  tv = await Tv.open();
  let dropped = 0;
  const allDropped = new Promise<void>((resolve) =>
    tv.page.on('console', (m) => {
      if (m.text().includes('unreadable message') && ++dropped === 4) resolve();
    }),
  );
  // Each would say the card is gone if the TV believed it.
  for (const bad of [
    { type: 'card.state', state: 'absent', extra: true },
    { type: 'card.state', state: 'gone' },
    { type: 'card.state' },
  ])
    tv.bridge.sendRaw(JSON.stringify(bad));
  tv.bridge.sendRaw('not json');
  await allDropped;
  await tv.press(KEY.Enter);
  await tv.waitForSpeech('暗証番号を入れてください');
});
