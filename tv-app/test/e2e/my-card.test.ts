import { checkScreen } from '../helpers/screen-check';
import { KEY, Tv } from '../helpers/tv';

let tv: Tv;
afterEach(async () => tv?.close());

/** Home → わたしのカード (third row, left) → the card's status, read without a PIN. */
async function openMyCard(): Promise<void> {
  await tv.press(KEY.Down);
  await tv.press(KEY.Down);
  await tv.waitForSpeech('わたしのカード');
  await tv.press(KEY.Enter);
  await tv.waitForSpeech('証明書の期限：2024年4月1日 から 2029年4月1日 まで');
}

/** わたしのカード → 「つながっているサービスを見る」 (focused first) → the auth PIN → the list. */
async function openLinks(): Promise<string> {
  await openMyCard();
  await tv.press(KEY.Enter);
  await tv.waitForSpeech('暗証番号を入れてください');
  await tv.typeDigits('1234');
  return (await tv.waitForSpeech('つながって')).text;
}

it('lists the linked services with their days, removes one after saying what that means, then lists the rest', async () => {
  tv = await Tv.open();
  await openMyCard();
  const problems = await checkScreen(tv, 'my-card');
  await tv.press(KEY.Enter);
  await tv.waitForSpeech('暗証番号を入れてください');
  await tv.typeDigits('1234');

  // The screen, then the focused first service with its days in Japan's time (the last use was the 20th in UTC).
  const list = await tv.waitForSpeech('つながっているサービス');
  expect(list.text).toBe(
    'つながっているサービス。4つのサービスとつながっています。選ぶと外せます。' +
      '美波町役場。つないだ日 2026年4月1日　最後に使った日 2026年11月21日。',
  );
  problems.push(...(await checkScreen(tv, 'links-list')));

  await tv.press(KEY.Down);
  await tv.press(KEY.Down);
  await tv.waitForSpeech('美波病院');
  await tv.press(KEY.Enter);
  const confirm = await tv.waitForSpeech('美波病院とのつながりを外しますか');
  for (const line of [
    '外すと、美波病院は、このカードであなたを確かめられなくなり、すぐに使えなくなります',
    'これまで美波病院に渡した情報は、美波病院に残ります',
    'また使うときは、もう一度同意して、つなぎ直します',
  ])
    expect(confirm.text).toContain(line);
  // The safe choice has the focus: OK alone never removes anything.
  expect(confirm.text).toMatch(/。外さないで戻る。$/);
  problems.push(...(await checkScreen(tv, 'links-remove-confirm')));

  await tv.press(KEY.Down);
  await tv.waitForSpeech('外す');
  await tv.press(KEY.Enter);
  const after = await tv.waitForSpeech('美波病院とのつながりを外しました');
  expect(after.text).toContain('3つのサービスとつながっています');
  expect(after.text).not.toContain('美波病院。');
  problems.push(...(await checkScreen(tv, 'links-removed')));

  // One PIN for the list and the removal (the bridge keeps the holder login for this card).
  expect(tv.bridge.received.map((m) => m.type)).toEqual([
    'card.status',
    'links.list',
    'pin.submit',
    'links.remove',
  ]);
  expect(tv.bridge.received.at(-1)).toMatchObject({ serviceId: 'byoin' });
  expect([...tv.bridge.linked]).toEqual(['gyosei', 'bosai', 'kotsu']);

  // The rows below scroll into view whole as the focus reaches them.
  for (const name of ['美波町防災', '美波バス', '戻る']) {
    await tv.press(KEY.Down);
    await tv.waitForSpeech(name);
  }
  problems.push(...(await checkScreen(tv, 'links-scrolled')));

  // The updated list took the old one's place: Back goes to わたしのカード, not to the finished confirmation.
  await tv.press(KEY.Back);
  await tv.waitForSpeech('わたしのカード');
  await tv.press(KEY.Back);
  await tv.waitForSpeech('どれを使いますか');
  expect(problems).toEqual([]);
});

it('says plainly that no service is linked', async () => {
  tv = await Tv.open((bridge) => bridge.linked.clear());
  const said = await openLinks();
  expect(said).toBe(
    'つながっているサービスはありません。このカードは、いまどのサービスともつながっていません。' +
      'ホームでサービスを選んで使いはじめると、ここに出ます。戻る。',
  );
  const problems = await checkScreen(tv, 'links-empty');
  await tv.press(KEY.Enter); // 戻る
  await tv.waitForSpeech('わたしのカード');
  expect(problems).toEqual([]);
});

it('goes one step back at every step: PIN, confirmation, list, わたしのカード', async () => {
  tv = await Tv.open();
  await openMyCard();
  await tv.press(KEY.Enter);
  await tv.waitForSpeech('暗証番号を入れてください');
  await tv.press(KEY.Back); // nothing typed: leaves the PIN, cancelled without a try
  await tv.waitForSpeech('わたしのカード');
  expect(tv.bridge.received.map((m) => m.type)).toEqual(['card.status', 'links.list', 'pin.cancel']);
  expect(tv.bridge.triesLeft).toBe(3);

  await tv.press(KEY.Enter);
  await tv.waitForSpeech('暗証番号を入れてください');
  await tv.typeDigits('1234');
  await tv.waitForSpeech('4つのサービス');
  await tv.press(KEY.Enter); // 美波町役場
  await tv.waitForSpeech('美波町役場とのつながりを外しますか');
  await tv.press(KEY.Back);
  await tv.waitForSpeech('4つのサービス');
  await tv.press(KEY.Enter);
  await tv.waitForSpeech('美波町役場とのつながりを外しますか');
  await tv.press(KEY.Enter); // 外さないで戻る
  await tv.waitForSpeech('4つのサービス');
  await tv.press(KEY.Back);
  await tv.waitForSpeech('わたしのカード');
  await tv.press(KEY.Back);
  await tv.waitForSpeech('どれを使いますか');
  // Nothing was removed on the way.
  expect(tv.bridge.received.filter((m) => m.type === 'links.remove')).toEqual([]);
  expect(tv.bridge.linked.size).toBe(4);
});
