import type { Counter } from './counter';
import { offerLink } from './consent-flow';
import type { ServiceKey } from '../settings/app-settings';

/** The viewer's tokens for one service, for this visit. */
export interface Session {
  /** Bearer token for the service's TV API. */
  token: string;
  /** Only right after a link: its ID token, the one token that carries the facts the viewer agreed to release. */
  idToken?: string;
}

/**
 * Logs in to a service with the card. A first use (the auth-server answers LINK_REQUIRED) goes on to the consent
 * screen and, if the viewer agrees, a link, so `use` gets a session either way.
 */
export async function withSession(
  counter: Counter,
  key: ServiceKey,
  use: (session: Session) => unknown,
): Promise<void> {
  const result = await counter.cardOperation({ kind: 'login', serviceId: counter.serviceId(key) });
  if (result?.type === 'login.done') use({ token: result.tokens.accessToken });
  else if (result?.type === 'error') await offerLink(counter, key, use, 'replace');
}
