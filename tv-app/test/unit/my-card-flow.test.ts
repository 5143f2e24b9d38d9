import type { HolderLink } from '@madoguchi/protocol/messages/links';
import type { OperationRequest, OperationResult } from '../../src/flow/operation-flow';
import type { Counter } from '../../src/flows/counter';
import { myCardFlow } from '../../src/flows/my-card-flow';
import { place, type ScreenMode } from '../../src/screen-history';
import type { MessageParams } from '../../src/screens/Message';

const link = (serviceId: string, name: string, over: Partial<HolderLink> = {}): HolderLink => ({
  serviceId,
  name,
  status: 'active',
  linkedAt: '2026-04-01T01:00:00.000Z',
  // Still the 20th in UTC, already the 21st in Japan.
  lastUsedAt: '2026-11-20T23:30:00.000Z',
  factsShared: [],
  factsSource: null,
  ...over,
});
const HOSPITAL = link('byoin', '美波病院');
const BUS = link('kotsu', '美波バス', { status: 'relink-required' });

const status: OperationResult = {
  type: 'card.status.result',
  operationId: 'op-1',
  triesLeft: { auth: 3, sign: 5, cardInfo: 3 },
  hasSignCertificate: true,
  authCertificate: { notBefore: '2024-04-01T00:00:00.000Z', notAfter: '2029-04-01T00:00:00.000Z' },
};
const links = (list: HolderLink[]): OperationResult => ({
  type: 'links.result',
  operationId: 'op-2',
  links: list,
});

/** A counter that keeps the screens in a history as the App does and answers card operations from a queue. */
function fakeCounter(answers: (OperationResult | undefined)[]) {
  const history: MessageParams[] = [];
  const asked: OperationRequest[] = [];
  const counter = {
    get depth() {
      return history.length;
    },
    show(params: MessageParams, mode: ScreenMode = 'push') {
      place(history, params, mode);
    },
    back: jest.fn(() => void history.pop()),
    home: jest.fn(),
    async cardOperation(request: OperationRequest) {
      asked.push(request);
      // The operation's own first screen (card, PIN, progress) stacks on the one the viewer came from.
      history.push({ heading: 'progress', actions: [], onSelect: () => {} });
      return answers.shift();
    },
  } as unknown as Counter & { back: jest.Mock; home: jest.Mock };
  const top = () => history[history.length - 1]!;
  /** Chooses an action on the top screen and lets the flow's card operation answer. */
  const choose = async (id: string) => {
    top().onSelect(id);
    await new Promise((resolve) => setTimeout(resolve, 0));
  };
  return { counter, history, asked, top, choose };
}

/** Home → わたしのカード, the card operations answering `answers` in turn. */
async function openCard(answers: (OperationResult | undefined)[]) {
  const f = fakeCounter(answers);
  f.history.push({ heading: 'home', actions: [], onSelect: () => {} });
  await myCardFlow(f.counter);
  return f;
}

/** Home → わたしのカード → its links: the history is Home, わたしのカード, the list. */
async function openList(list: HolderLink[], more: (OperationResult | undefined)[] = []) {
  const f = await openCard([status, links(list), ...more]);
  await f.choose('links');
  return f;
}

it('shows the card status with the way to the linked services, saying that it takes the 4-digit PIN', async () => {
  const f = await openCard([status]);
  expect(f.asked).toEqual([{ kind: 'status' }]);
  expect(f.history.map((s) => s.heading)).toEqual(['home', 'わたしのカード']);
  expect(f.top().body).toEqual([
    '暗証番号（数字4けた）：あと3回',
    '署名用の暗証番号：あと5回',
    '証明書の期限：2024年4月1日 から 2029年4月1日 まで',
  ]);
  expect(f.top().actions).toEqual([
    { id: 'links', label: 'つながっているサービスを見る', hint: '数字4けたの暗証番号を使います' },
    { id: 'home', label: 'ホームに戻る' },
  ]);
});

it('lists each linked service on its own row with the days in Japan, and a re-link asked for, then 戻る', async () => {
  const f = await openList([HOSPITAL, BUS]);
  expect(f.asked).toEqual([{ kind: 'status' }, { kind: 'links' }]);
  // The list took the progress screen's place: Back from it goes to わたしのカード.
  expect(f.history.map((s) => s.heading)).toEqual(['home', 'わたしのカード', 'つながっているサービス']);
  expect(f.top().body).toEqual(['2つのサービスとつながっています。選ぶと外せます。']);
  expect(f.top().actions).toEqual([
    { id: '0', label: '美波病院', hint: 'つないだ日 2026年4月1日　最後に使った日 2026年11月21日' },
    {
      id: '1',
      label: '美波バス',
      hint: 'つないだ日 2026年4月1日　最後に使った日 2026年11月21日　つなぎ直しが必要です',
    },
    { id: 'back', label: '戻る' },
  ]);
  await f.choose('back');
  expect(f.counter.back).toHaveBeenCalledTimes(1);
});

it('asks before removing, saying exactly what it means; the safe choice is first and only goes back', async () => {
  const f = await openList([HOSPITAL, BUS]);
  await f.choose('0');
  expect(f.top()).toMatchObject({
    heading: '美波病院とのつながりを外しますか',
    body: [
      '外すと、美波病院は、このカードであなたを確かめられなくなり、すぐに使えなくなります。',
      'これまで美波病院に渡した情報は、美波病院に残ります。',
      'また使うときは、もう一度同意して、つなぎ直します。',
      'カードと、ほかのサービスは、そのまま使えます。',
    ],
    actions: [
      { id: 'back', label: '外さないで戻る' },
      { id: 'remove', label: '外す' },
    ],
  });
  await f.choose('back');
  expect(f.counter.back).toHaveBeenCalledTimes(1);
  expect(f.asked).toEqual([{ kind: 'status' }, { kind: 'links' }]);
});

it('removes the chosen link, then shows the list again in the old one’s place, saying what was removed', async () => {
  const f = await openList([HOSPITAL, BUS], [links([BUS])]);
  await f.choose('0');
  await f.choose('remove');
  expect(f.asked.at(-1)).toEqual({ kind: 'links-remove', serviceId: 'byoin' });
  expect(f.history.map((s) => s.heading)).toEqual(['home', 'わたしのカード', 'つながっているサービス']);
  expect(f.top().body).toEqual([
    '美波病院とのつながりを外しました。',
    '1つのサービスとつながっています。選ぶと外せます。',
  ]);
  expect(f.top().actions.map((a) => a.label)).toEqual(['美波バス', '戻る']);
});

it('says plainly when no service is linked, also right after the last one was removed', async () => {
  const none = await openList([]);
  expect(none.top()).toMatchObject({
    heading: 'つながっているサービスはありません',
    body: [
      'このカードは、いまどのサービスともつながっていません。',
      'ホームでサービスを選んで使いはじめると、ここに出ます。',
    ],
    actions: [{ id: 'back', label: '戻る' }],
  });

  const f = await openList([BUS], [links([])]);
  await f.choose('0');
  await f.choose('remove');
  expect(f.top()).toMatchObject({
    heading: 'つながっているサービスはありません',
    body: [
      '美波バスとのつながりを外しました。',
      'このカードは、いまどのサービスともつながっていません。',
      'ホームでサービスを選んで使いはじめると、ここに出ます。',
    ],
    actions: [{ id: 'back', label: '戻る' }],
  });
  await f.choose('back');
  expect(f.counter.back).toHaveBeenCalledTimes(1);
});

it('leaves the screens to the operation when the viewer cancelled or it failed (no result)', async () => {
  const f = await openList([HOSPITAL], [undefined]);
  await f.choose('0');
  await f.choose('remove');
  // Only the operation's own screen is on top of the confirmation: no list claims a removal that did not happen.
  expect(f.history.map((s) => s.heading)).toEqual([
    'home',
    'わたしのカード',
    'つながっているサービス',
    '美波病院とのつながりを外しますか',
    'progress',
  ]);
});
