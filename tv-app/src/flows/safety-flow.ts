import type { Counter } from './counter';
import { JA } from '../messages/ja';

/** 防災: 「無事です」or「助けが必要です」, then where (home or a shelter), sent with a recent login. */
export async function safetyFlow(counter: Counter): Promise<void> {
  const token = await counter.login('disaster');
  if (!token) return;
  counter.show(
    {
      heading: JA.safety.heading,
      actions: [
        { id: 'safe', label: JA.safety.safe },
        { id: 'help', label: JA.safety.help },
      ],
      onSelect: (status) => void chooseWhere(counter, token, status === 'help' ? 'help' : 'safe'),
    },
    'replace',
  );
}

async function chooseWhere(counter: Counter, token: string, status: 'safe' | 'help'): Promise<void> {
  let shelters: { id: string; name: string }[];
  try {
    shelters = await counter.services.shelters(token);
  } catch {
    counter.serviceFailed();
    return;
  }
  const places = [
    { id: 'home', label: JA.safety.home },
    ...shelters.map((s) => ({ id: s.id, label: s.name })),
  ];
  counter.show({
    heading: JA.safety.whereHeading,
    actions: places,
    onSelect: (id) =>
      void send(counter, token, status, places.find((p) => p.id === id)?.label ?? JA.safety.home),
  });
}

async function send(counter: Counter, token: string, status: 'safe' | 'help', place: string): Promise<void> {
  counter.progress('sending');
  try {
    await counter.services.reportSafety(token, { status, place });
  } catch {
    counter.serviceFailed();
    return;
  }
  counter.show(
    {
      heading: JA.safety.sent,
      body: [JA.safety.sentBody(place, status === 'safe' ? JA.safety.safe : JA.safety.help)],
      actions: [{ id: 'home', label: JA.notice.home }],
      onSelect: () => counter.home(),
    },
    'replace',
  );
}
