import type { BusPass } from '@madoguchi/protocol/http/sample-services';
import type { Counter } from './counter';
import { offerLink } from './consent-flow';
import { showResult } from './result';
import { callService } from './service-call';
import { withSession, type Session } from './session';
import { JA } from '../messages/ja';

/** 交通: the senior bus pass, shown large enough to hold up to the driver; issued here the first time. */
export function transportFlow(counter: Counter): Promise<void> {
  return withSession(counter, 'transport', (session) => showPass(counter, session));
}

/** Right after a link its ID token carries the date of birth, so the pass is issued (or the one issued is shown). */
async function showPass(counter: Counter, session: Session): Promise<void> {
  counter.progress('sending');
  const { services } = counter;
  const idToken = session.idToken;
  const pass = await callService(
    counter,
    (): Promise<BusPass> =>
      idToken ? services.issueBusPass(session.token, idToken) : services.busPass(session.token),
    { NOT_FOUND: () => offerIssue(counter) },
  );
  if (!pass) return;
  showResult(counter, {
    heading: JA.transport.heading,
    body: [JA.transport.next],
    big: JA.transport.valid(JA.date(pass.validUntil)),
  });
}

/** No pass yet: say so, and offer to issue one (it needs the date of birth, hence the consent screen). */
function offerIssue(counter: Counter): void {
  counter.show(
    {
      heading: JA.transport.noPass,
      body: [JA.transport.issueWhat, JA.transport.issueNeeds],
      actions: [
        { id: 'issue', label: JA.transport.issue },
        { id: 'home', label: JA.notice.home },
      ],
      onSelect: (id) =>
        id === 'issue'
          ? void offerLink(counter, 'transport', (fresh) => showPass(counter, fresh), 'push')
          : counter.home(),
    },
    'replace',
  );
}
