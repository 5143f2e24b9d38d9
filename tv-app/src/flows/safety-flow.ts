import type { SafetyStatus, Shelter } from '@madoguchi/protocol/http/sample-services';
import type { Counter } from './counter';
import { showResult } from './result';
import { callService } from './service-call';
import { withSession, type Session } from './session';
import { JA } from '../messages/ja';

const HOME_PLACE = 'home';

/**
 * 防災: 「無事です」or「助けが必要です」, then where (home or a shelter, sent by id). The bridge may reuse a recent
 * login for this service, so a report during an emergency often needs no PIN at all.
 */
export function safetyFlow(counter: Counter): Promise<void> {
  return withSession(counter, 'disaster', (session) => {
    // Fetched while the viewer decides, so the next screen is ready when they are.
    const shelters = counter.services.shelters(session.token);
    shelters.catch(() => undefined); // shown when awaited; never an unhandled rejection meanwhile
    counter.show(
      {
        heading: JA.safety.heading,
        actions: [
          { id: 'safe', label: JA.safety.safe },
          { id: 'help', label: JA.safety.help },
        ],
        onSelect: (status) =>
          void chooseWhere(counter, session, status === 'help' ? 'help' : 'safe', shelters),
      },
      'replace',
    );
  });
}

async function chooseWhere(
  counter: Counter,
  session: Session,
  status: SafetyStatus,
  shelters: Promise<Shelter[]>,
): Promise<void> {
  const list = await callService(counter, () => shelters);
  if (!list) return;
  const places = [
    { id: HOME_PLACE, label: JA.safety.home },
    ...list.map((s) => ({ id: s.id, label: s.name })),
  ];
  counter.show({
    heading: JA.safety.whereHeading,
    actions: places,
    onSelect: (id) => void send(counter, session, status, places.find((p) => p.id === id) ?? places[0]!),
  });
}

async function send(
  counter: Counter,
  session: Session,
  status: SafetyStatus,
  place: { id: string; label: string },
): Promise<void> {
  counter.progress('sending');
  const sent = await callService(counter, async () => {
    await counter.services.reportSafety(session.token, { status, place: place.id });
    return true;
  });
  if (!sent) return;
  showResult(counter, {
    heading: JA.safety.sent,
    body: [JA.safety.sentBody(place.label, status === 'safe' ? JA.safety.safe : JA.safety.help)],
  });
}
