import type { ServiceInfo } from '@madoguchi/protocol/http/services';
import type { LinkConsent } from '@madoguchi/protocol/messages/login';
import { FACT_LABELS, JA } from '../messages/ja';
import type { MessageParams } from '../screens/Message';
import type { ServiceKey } from '../settings/app-settings';
import type { Counter } from './counter';
import { showResult } from './result';
import type { Session } from './session';

type Consent = LinkConsent;

/** What the viewer is asked to agree to: every fact the service is registered for, from the easier source. */
export function consentFor(info: ServiceInfo): Consent {
  const facts = (Object.keys(FACT_LABELS) as (keyof typeof FACT_LABELS)[]).filter((f) =>
    info.facts.allowed.includes(f),
  );
  if (facts.length === 0) return { facts };
  // The card-info AP needs only its 4-digit PIN; the signature certificate needs the long sign PIN.
  return { facts, source: info.facts.sources.includes('card-info') ? 'card-info' : 'sign-cert' };
}

/** Who gets which facts, from where, and that declining sends nothing: each on its own line. */
export function consentScreen(info: ServiceInfo, consent: Consent): Omit<MessageParams, 'onSelect'> {
  const facts = consent.facts.map((f) => FACT_LABELS[f]);
  return {
    heading: facts.length > 0 ? JA.consent.heading : JA.consent.linkHeading(info.name),
    body: [
      JA.consent.to(info.name),
      facts.length > 0 ? JA.consent.facts(facts) : JA.consent.noFacts,
      ...(consent.source ? [JA.consent.source[consent.source]] : []),
      JA.consent.nothingElse,
    ],
    actions: [
      { id: 'agree', label: JA.consent.agree },
      { id: 'decline', label: JA.consent.decline },
    ],
  };
}

/**
 * The consent screen for a service, then the link (紐付け) with the card. 「同意しない」 sends nothing to the
 * bridge or any service, and says so. `use` gets the link's session, whose ID token holds the released facts.
 */
export async function offerLink(
  counter: Counter,
  key: ServiceKey,
  use: (session: Session) => unknown,
  mode: 'push' | 'replace',
): Promise<void> {
  let info: ServiceInfo;
  try {
    info = await counter.directory.info(counter.serviceId(key));
  } catch (error) {
    return counter.failed(error);
  }
  const consent = consentFor(info);
  counter.show(
    {
      ...consentScreen(info, consent),
      onSelect: (id) =>
        id === 'agree' ? void link(counter, info, consent, use) : declined(counter, info.name),
    },
    mode,
  );
}

async function link(
  counter: Counter,
  info: ServiceInfo,
  consent: Consent,
  use: (session: Session) => unknown,
): Promise<void> {
  const result = await counter.cardOperation({ kind: 'link', serviceId: info.id, consent });
  if (result?.type === 'login.done')
    use({ token: result.tokens.accessToken, idToken: result.tokens.idToken });
}

function declined(counter: Counter, service: string): void {
  showResult(counter, {
    heading: JA.consent.declinedHeading,
    body: [JA.consent.declined(service), JA.consent.declinedNext],
  });
}
