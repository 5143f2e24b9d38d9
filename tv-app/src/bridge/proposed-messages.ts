import type { FactName, FactsSource } from '@madoguchi/protocol/http/services';
import type { TvMessage } from '@madoguchi/protocol/messages/index';
import type { LoginStart } from '@madoguchi/protocol/messages/login';

/**
 * The one message the TV needs that protocol/ cannot say yet (asked of its owner; replace with protocol's type when
 * it lands). A link (紐付け) carries what the viewer consented to on the TV: the facts, and where they are read from.
 * The bridge then reads them (card-info: its 4-digit PIN; sign-cert: the sign PIN), signs over them and calls
 * POST /v1/links, answering `login.done` with the link's tokens (its ID token holds the facts). An empty list links
 * without releasing any fact.
 */
export interface LinkStart extends Omit<LoginStart, 'purpose'> {
  purpose: 'link';
  consent: { facts: FactName[]; source?: FactsSource };
}

export type OutgoingMessage = TvMessage | LinkStart;
