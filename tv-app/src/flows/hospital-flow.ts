import type { Counter } from './counter';
import { offerLink } from './consent-flow';
import { showResult } from './result';
import { callService } from './service-call';
import { withSession, type Session } from './session';
import { JA } from '../messages/ja';

/** 病院: check in with the PIN and get the day's queue number, shown large. */
export function hospitalFlow(counter: Counter): Promise<void> {
  return withSession(counter, 'hospital', (session) => checkIn(counter, session));
}

/**
 * A fresh link first hands its ID token on, so the hospital finds the patient record (first visit, or a re-link
 * after a name change). A check-in the hospital cannot match to a record (LINK_REQUIRED) offers that link.
 */
async function checkIn(counter: Counter, session: Session): Promise<void> {
  counter.progress('sending');
  const { services } = counter;
  const idToken = session.idToken;
  const patient = idToken
    ? await callService(counter, () => services.linkPatient(session.token, idToken))
    : null;
  if (patient === undefined) return;
  const answer = await callService(counter, () => services.checkIn(session.token), {
    LINK_REQUIRED: () => void offerLink(counter, 'hospital', (fresh) => checkIn(counter, fresh), 'replace'),
  });
  if (!answer) return;
  showResult(counter, {
    heading: JA.hospital.queued,
    body: [...(patient ? [JA.hospital.linked(patient.patientNumber)] : []), JA.hospital.next],
    big: JA.hospital.queueNumber(answer.queueNumber),
  });
}
