import type { ResidenceCertificateApplication } from '@madoguchi/protocol/http/sample-services';
import type { Counter } from './counter';
import { showResult } from './result';
import { callService } from './service-call';
import { withSession, type Session } from './session';
import { JA } from '../messages/ja';
import { base64UrlOfText } from '../text/base64url';

type Application = ResidenceCertificateApplication;
type Choice<T> = { id: string; label: string; value: T };

const SCOPES: Choice<Application['scope']>[] = [
  { id: 'self', label: JA.city.scopes.self, value: 'self' },
  { id: 'household', label: JA.city.scopes.household, value: 'household' },
];
const COPIES: Choice<number>[] = [1, 2, 3].map((n) => ({
  id: String(n),
  label: JA.city.copies(n),
  value: n,
}));
const PURPOSES: Choice<string>[] = JA.city.purposes.map((p, i) => ({ id: String(i), label: p, value: p }));

/** Exactly what is signed, line by line: the summary is made from the same object as the signed document. */
export function applicationSummary(application: Application): string[] {
  return [
    JA.city.summaryKind,
    JA.city.summaryScope(JA.city.scopes[application.scope]),
    JA.city.summaryCopies(JA.city.copies(application.copies)),
    JA.city.summaryPurpose(application.purpose),
  ];
}

/**
 * 行政: 住民票の写し. One question per screen (whose, how many, what for), then the summary of what will be signed,
 * then the card: the PIN login, the sign PIN on the on-screen keyboard, and the signed application sent.
 */
export function cityFlow(counter: Counter): void {
  ask(counter, JA.city.scopeHeading, SCOPES, (scope) =>
    ask(counter, JA.city.copiesHeading, COPIES, (copies) =>
      ask(counter, JA.city.purposeHeading, PURPOSES, (purpose) =>
        confirm(counter, { kind: 'residence-certificate-copy', scope, copies, purpose }),
      ),
    ),
  );
}

function ask<T>(counter: Counter, heading: string, choices: Choice<T>[], then: (value: T) => void): void {
  counter.show({
    heading,
    actions: choices,
    onSelect: (id) => then(choices.find((c) => c.id === id)!.value),
  });
}

function confirm(counter: Counter, application: Application): void {
  counter.show({
    heading: JA.city.summaryHeading,
    body: [...applicationSummary(application), JA.city.signNote],
    actions: [
      { id: 'sign', label: JA.city.sign },
      { id: 'home', label: JA.city.stop },
    ],
    onSelect: (id) =>
      id === 'sign'
        ? void withSession(counter, 'city', (session) => signAndSend(counter, session, application))
        : counter.home(),
  });
}

async function signAndSend(counter: Counter, session: Session, application: Application): Promise<void> {
  const signed = await counter.cardOperation({
    kind: 'sign',
    document: base64UrlOfText(JSON.stringify(application)),
  });
  if (signed?.type !== 'sign.done') return;
  counter.progress('sending');
  const receipt = await callService(counter, () => counter.services.apply(session.token, signed.cms));
  if (!receipt) return;
  showResult(counter, {
    heading: JA.city.done,
    body: [JA.city.receipt(receipt.applicationId), JA.city.doneNext],
  });
}
