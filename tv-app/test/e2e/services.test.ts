import { visibleTexts } from '../helpers/inspect';
import { checkScreen } from '../helpers/screen-check';
import { KEY, Tv } from '../helpers/tv';

let tv: Tv;
afterEach(async () => tv?.close());

const links = () =>
  tv.bridge.received.filter((m) => m.type === 'login.start' && 'purpose' in m && m.purpose === 'link');

it('links the card to the hospital at the first visit: consent names the facts and the hospital, then a queue number', async () => {
  tv = await Tv.open((bridge) => bridge.linked.delete('byoin'));
  tv.server.city.patientLinked = false;
  await tv.press(KEY.Yellow);
  const consent = await tv.waitForSpeech('情報を渡してよいですか');
  expect(consent.text).toContain('渡す相手：美波病院');
  expect(consent.text).toContain('渡す情報：氏名・生年月日・性別');
  expect(consent.text).toContain('同意しないときは、何も渡しません');
  const problems = await checkScreen(tv, 'consent-hospital');

  await tv.press(KEY.Enter); // 同意する
  await tv.waitForSpeech('暗証番号を入れてください');
  await tv.typeDigits('1234');
  const done = await tv.waitForSpeech('受付しました');
  expect(done.text).toContain('診察券 P-000123');
  expect(done.text).toContain('12 番');
  problems.push(...(await checkScreen(tv, 'hospital-queued')));

  expect(links()).toEqual([
    expect.objectContaining({
      serviceId: 'byoin',
      consent: { facts: ['name', 'dateOfBirth', 'sex'], source: 'card-info' },
    }),
  ]);
  // The link's ID token (it alone carries the facts) went to the hospital, then the check-in.
  expect(tv.server.city.calls.filter((c) => c.path.startsWith('/svc/'))).toEqual([
    {
      method: 'POST',
      path: '/svc/hospital/tv/patient-links',
      authorization: 'Bearer access-byoin',
      body: { idToken: 'link-id-byoin' },
    },
    { method: 'POST', path: '/svc/hospital/tv/check-ins', authorization: 'Bearer access-byoin', body: {} },
  ]);
  expect(tv.server.city.problems).toEqual([]);
  expect(problems).toEqual([]);
});

it('「同意しない」 shares nothing: no link is made and no service is called', async () => {
  tv = await Tv.open((bridge) => bridge.linked.delete('kotsu'));
  await tv.press(KEY.Blue);
  const consent = await tv.waitForSpeech('渡す情報：生年月日');
  expect(consent.text).toContain('渡す相手：美波バス');
  await tv.press(KEY.Down);
  await tv.waitForSpeech('同意しない');
  await tv.press(KEY.Enter);
  const declined = await tv.waitForSpeech('何も渡していません');
  expect(declined.text).toContain('美波バスには、何も送っていません');
  const problems = await checkScreen(tv, 'consent-declined');
  expect(links()).toEqual([]);
  expect(tv.server.city.calls.map((c) => c.path)).toEqual(['/auth/v1/services/kotsu']);
  expect(problems).toEqual([]);
});

it('offers to issue a bus pass when there is none, then shows the new pass large', async () => {
  tv = await Tv.open();
  tv.server.city.pass = undefined;
  await tv.press(KEY.Blue);
  await tv.waitForSpeech('暗証番号を入れてください');
  await tv.typeDigits('1234');
  await tv.waitForSpeech('バスパスはまだありません');
  const problems = await checkScreen(tv, 'bus-pass-none');
  await tv.press(KEY.Enter); // バスパスを発行する
  await tv.waitForSpeech('渡す情報：生年月日');
  await tv.press(KEY.Enter); // 同意する
  await tv.waitForSpeech('暗証番号を入れてください');
  await tv.typeDigits('1234');
  const shown = await tv.waitForSpeech('敬老バスパス');
  expect(shown.text).toContain('2027年5月31日 まで使えます');
  problems.push(...(await checkScreen(tv, 'bus-pass-issued')));
  expect(tv.server.city.calls.filter((c) => c.path === '/svc/transport/tv/bus-pass')).toEqual([
    expect.objectContaining({ method: 'GET', authorization: 'Bearer access-kotsu' }),
    expect.objectContaining({ method: 'POST', body: { idToken: 'link-id-kotsu' } }),
  ]);
  expect(tv.server.city.problems).toEqual([]);
  expect(problems).toEqual([]);
});

it.each([
  ['POST /svc/hospital/tv/check-ins', 'HOLDER_SUSPENDED', KEY.Yellow, 'このカードは一時停止されています'],
  ['GET /svc/transport/tv/bus-pass', 'TOKEN_INVALID', KEY.Blue, 'ログインの期限が切れました'],
] as const)('says a refusal (%s → %s) in its own plain sentence', async (route, code, key, sentence) => {
  tv = await Tv.open();
  tv.server.city.refuse.set(route, code);
  await tv.press(key);
  await tv.waitForSpeech('暗証番号を入れてください');
  await tv.typeDigits('1234');
  const said = await tv.waitForSpeech(sentence);
  expect(said.text).toContain('ホームに戻る');
  expect(await checkScreen(tv, `refused-${code}`)).toEqual([]);
});

it('says NOT_ELIGIBLE plainly when a bus pass cannot be issued', async () => {
  tv = await Tv.open((bridge) => bridge.linked.delete('kotsu'));
  tv.server.city.pass = undefined;
  tv.server.city.eligible = false;
  await tv.press(KEY.Blue);
  await tv.waitForSpeech('渡す情報：生年月日');
  await tv.press(KEY.Enter);
  await tv.waitForSpeech('暗証番号を入れてください');
  await tv.typeDigits('1234');
  await tv.waitForSpeech('このサービスを受けられる条件に、あてはまりませんでした');
});

it('reports safety with no PIN when the bridge reuses a recent login', async () => {
  tv = await Tv.open((bridge) => bridge.recentLogin.add('bosai'));
  await tv.press(KEY.Red);
  await tv.waitForSpeech('いま、どうしていますか');
  await tv.press(KEY.Down); // 助けが必要です
  await tv.press(KEY.Enter);
  await tv.waitForSpeech('いま、どこにいますか');
  await tv.press(KEY.Down); // the first shelter
  await tv.waitForSpeech('第一小学校');
  await tv.press(KEY.Enter);
  await tv.waitForSpeech('市に知らせました');
  expect(tv.bridge.received.map((m) => m.type)).toEqual(['login.start']);
  expect(tv.server.city.calls.at(-1)).toMatchObject({ body: { status: 'help', place: 'school-1' } });
});

it('applies for 住民票 with a summary of exactly what is signed and the sign PIN on the on-screen keyboard', async () => {
  tv = await Tv.open();
  await tv.press(KEY.Green);
  await tv.waitForSpeech('だれの住民票がいりますか');
  await tv.press(KEY.Down); // 世帯全員
  await tv.press(KEY.Enter);
  await tv.waitForSpeech('何通いりますか');
  await tv.press(KEY.Down); // 2通
  await tv.press(KEY.Enter);
  await tv.waitForSpeech('何に使いますか');
  await tv.press(KEY.Enter); // 年金の手続き
  const summary = await tv.waitForSpeech('この内容に署名します');
  for (const line of ['住民票の写し', 'だれの分：世帯全員', '通数：2通', '使いみち：年金の手続き'])
    expect(summary.text).toContain(line);
  const problems = await checkScreen(tv, 'city-summary');

  await tv.press(KEY.Enter); // 署名して申請する
  await tv.waitForSpeech('暗証番号を入れてください');
  await tv.typeDigits('1234');
  await tv.waitForSpeech('署名用の暗証番号を入れてください');
  problems.push(...(await checkScreen(tv, 'pin-sign')));
  await tv.typeOnKeyboard('AB12CD');
  const done = await tv.waitForSpeech('申請しました');
  expect(done.text).toContain('受付番号：A-2026-0042');
  problems.push(...(await checkScreen(tv, 'city-applied')));

  // What was signed is what the summary said, and the sign PIN went to the bridge alone.
  const sign = tv.bridge.received.find((m) => m.type === 'sign.start');
  expect(
    JSON.parse(Buffer.from(sign && 'document' in sign ? sign.document : '', 'base64url').toString()),
  ).toEqual({
    kind: 'residence-certificate-copy',
    scope: 'household',
    copies: 2,
    purpose: '年金の手続き',
  });
  expect(tv.bridge.received).toContainEqual(expect.objectContaining({ type: 'pin.submit', pin: 'AB12CD' }));
  expect(tv.server.city.calls.at(-1)).toMatchObject({
    path: '/svc/city/tv/applications',
    authorization: 'Bearer access-gyosei',
  });
  expect(tv.server.city.problems).toEqual([]);
  expect(problems).toEqual([]);
});

it('never shows the sign PIN: only ● for each character', async () => {
  tv = await Tv.open();
  await tv.press(KEY.Green);
  for (const heading of ['だれの住民票', '何通', '何に使いますか', 'この内容に署名します']) {
    await tv.waitForSpeech(heading);
    await tv.press(KEY.Enter);
  }
  await tv.waitForSpeech('暗証番号を入れてください');
  await tv.typeDigits('1234');
  await tv.waitForSpeech('署名用の暗証番号を入れてください');
  const before = (await visibleTexts(tv.page)).map((t) => t.text);
  await tv.press(KEY.Enter); // A
  await tv.press(KEY.Right);
  await tv.press(KEY.Enter); // B
  await tv.waitForSpeech('2文字入りました');
  // Only the entry line changed, to two ●: the keys' own labels are all the letters there are.
  const after = (await visibleTexts(tv.page)).map((t) => t.text);
  expect(after.filter((t) => !before.includes(t))).toEqual(['●●']);
});

it('asks one PIN at a first use: LINK_REQUIRED comes before the PIN, then the link logs in', async () => {
  tv = await Tv.open((bridge) => bridge.linked.delete('bosai'));
  await tv.press(KEY.Red);
  const consent = await tv.waitForSpeech('美波町防災を使いはじめますか');
  expect(consent.text).toContain('渡す情報：ありません');
  await tv.press(KEY.Enter); // 同意する
  await tv.waitForSpeech('暗証番号を入れてください');
  await tv.typeDigits('1234');
  await tv.waitForSpeech('いま、どうしていますか');
  // The login refused before any PIN, then one link (consent, link and login at once) with the one PIN.
  expect(tv.bridge.received.map((m) => m.type)).toEqual(['login.start', 'login.start', 'pin.submit']);
  expect(links()).toEqual([expect.objectContaining({ serviceId: 'bosai', consent: { facts: [] } })]);
});
