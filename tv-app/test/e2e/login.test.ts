import { checkScreen } from '../helpers/screen-check';
import { KEY, Tv } from '../helpers/tv';

let tv: Tv;
afterEach(async () => tv?.close());

it('reports "safe at home" from Home in at most 10 key presses, PIN included, and every screen passes the checks', async () => {
  tv = await Tv.open();
  const problems = await checkScreen(tv, 'home');
  expect((await tv.spoken())[0]).toMatchObject({ lang: 'ja-JP', text: expect.stringContaining('防災') });

  await tv.press(KEY.Enter); // disaster safety is focused first
  await tv.waitForSpeech('暗証番号を入れてください');
  problems.push(...(await checkScreen(tv, 'pin-auth')));
  await tv.typeDigits('12');
  await tv.waitForSpeech('2文字入りました');
  problems.push(...(await checkScreen(tv, 'pin-auth-typing')));
  await tv.typeDigits('34'); // a complete 4-digit PIN goes by itself
  await tv.waitForSpeech('いま、どうしていますか');
  problems.push(...(await checkScreen(tv, 'safety-status')));
  await tv.press(KEY.Enter); // 無事です
  await tv.waitForSpeech('いま、どこにいますか');
  problems.push(...(await checkScreen(tv, 'safety-where')));
  await tv.press(KEY.Enter); // 自宅
  await tv.waitForSpeech('市に知らせました');
  problems.push(...(await checkScreen(tv, 'safety-sent')));

  expect(tv.keyPresses).toBeLessThanOrEqual(10);
  expect(tv.server.city.calls).toContainEqual({
    method: 'POST',
    path: '/svc/disaster/tv/safety-reports',
    authorization: 'Bearer access-bosai',
    body: { status: 'safe', place: 'home' },
  });
  expect(tv.server.city.problems).toEqual([]);
  // The PIN went to the bridge once, and was never spoken.
  expect(tv.bridge.received.filter((m) => m.type === 'pin.submit')).toEqual([
    expect.objectContaining({ pin: '1234' }),
  ]);
  expect((await tv.spoken()).some((s) => /1234|[１２３４]/.test(s.text))).toBe(false);
  expect(problems).toEqual([]);
});

it('says and shows the tries left after a wrong PIN, asks separately before the last try, then explains a block', async () => {
  tv = await Tv.open((bridge) => (bridge.triesLeft = 2));
  await tv.press(KEY.Red); // colour key: straight to disaster safety
  await tv.waitForSpeech('あと2回');
  await tv.typeDigits('9999');

  const lastTry = await tv.waitForSpeech('次が最後の一回です');
  expect(lastTry.text).toContain('市役所');
  const problems = await checkScreen(tv, 'pin-last-try');
  await tv.press(KEY.Enter); // 落ち着いて入れる
  const pin = await tv.waitForSpeech('暗証番号が違います');
  expect(pin.text).toContain('あと1回');
  problems.push(...(await checkScreen(tv, 'pin-wrong-last-try')));
  await tv.typeDigits('0000');

  const blocked = await tv.waitForSpeech('カードが使えなくなりました');
  expect(blocked.text).toContain('市役所の窓口で暗証番号を設定し直してください');
  expect(blocked.text).toContain('ホームに戻る');
  problems.push(...(await checkScreen(tv, 'pin-blocked')));
  expect(tv.bridge.received.filter((m) => m.type === 'pin.submit').at(-1)).toMatchObject({
    confirmLastTry: true,
  });

  await tv.press(KEY.Enter); // ホームに戻る
  await tv.waitForSpeech('どれを使いますか');
  expect(problems).toEqual([]);
});

it('Back clears one digit, then leaves the PIN and cancels without using a try', async () => {
  tv = await Tv.open();
  await tv.press(KEY.Enter);
  await tv.waitForSpeech('暗証番号を入れてください');
  await tv.press(KEY.numpad(1)); // the numpad digits work the same
  await tv.waitForSpeech('1文字入りました');
  await tv.press(KEY.Back);
  await tv.waitForSpeech('一文字消しました');
  const before = (await tv.spoken()).length;
  await tv.press(KEY.Back);
  await tv.page.waitForFunction(
    (n) => (window as unknown as { __spoken: unknown[] }).__spoken.length > n,
    before,
  );
  expect((await tv.spoken()).at(-1)?.text).toContain('どれを使いますか');
  expect(tv.bridge.received.map((m) => m.type)).toEqual(['login.start', 'pin.cancel']);
  expect(tv.bridge.triesLeft).toBe(3);
});

it('says the last announcement again with the Info key', async () => {
  tv = await Tv.open();
  const said = await tv.spoken();
  await tv.press(KEY.Info);
  await tv.page.waitForFunction(
    (n) => (window as unknown as { __spoken: unknown[] }).__spoken.length > n,
    said.length,
  );
  expect((await tv.spoken()).at(-1)).toEqual(said.at(-1));
});
