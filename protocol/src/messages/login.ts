import { Type, type Static } from '@sinclair/typebox';
import { TokenSetSchema } from '../http/assertions';
import { ServiceIdSchema } from '../http/common';
import { FactNameSchema, FactsSourceSchema } from '../http/services';
import { closed, OperationIdSchema } from './common';

/**
 * What the viewer agreed to on the TV's consent screen, before any PIN: which of the basic four facts go to the
 * service, and where they are read from (`card-info`: the 4-digit card-info PIN; `sign-cert`: the sign PIN). An
 * empty `facts` links without releasing any fact (then `source` must be absent). The bridge reads nothing beyond
 * what the source needs, sends the facts only to the auth-server (POST /v1/links, which releases just the consented
 * ones to that one service), and never back to the TV.
 */
export const LinkConsentSchema = Type.Object(
  {
    facts: Type.Array(FactNameSchema, { maxItems: 4, uniqueItems: true }),
    source: Type.Optional(FactsSourceSchema),
  },
  { $id: 'LinkConsent', ...closed },
);
export type LinkConsent = Static<typeof LinkConsentSchema>;

/**
 * TV → bridge: log in to a service with the authentication key (challenge first, then card and PIN).
 *
 * - `purpose: 'link'` is the first use of a service (the auth-server refuses a plain login to an unlinked service with
 *   LINK_REQUIRED): the card signs the consent (`linkToBeSigned`) and the bridge calls POST /v1/links. `consent` is
 *   required with it (`{facts: []}` for a link without facts) and refused without it.
 * - A plain login to a service whose registration allows it (recentLoginSeconds) reuses a recent PIN login of the
 *   same card insertion on this box without asking a PIN (`login.done` then says `reused: true`); `freshLogin: true`
 *   asks the PIN anyway.
 */
export const LoginStartSchema = Type.Object(
  {
    type: Type.Literal('login.start'),
    operationId: OperationIdSchema,
    serviceId: ServiceIdSchema,
    /** 'link' when the login records a first link to the service; default 'login'. */
    purpose: Type.Optional(Type.Union([Type.Literal('login'), Type.Literal('link')])),
    consent: Type.Optional(LinkConsentSchema),
    freshLogin: Type.Optional(Type.Boolean()),
  },
  { $id: 'LoginStart', ...closed },
);
export type LoginStart = Static<typeof LoginStartSchema>;

/** Bridge → TV: the auth-server's tokens for the service (for a link, the ID token carries the released facts). */
export const LoginDoneSchema = Type.Object(
  {
    type: Type.Literal('login.done'),
    operationId: OperationIdSchema,
    tokens: TokenSetSchema,
    /** True when a recent PIN login was reused and no PIN was asked. */
    reused: Type.Optional(Type.Boolean()),
  },
  { $id: 'LoginDone', ...closed },
);
export type LoginDone = Static<typeof LoginDoneSchema>;
