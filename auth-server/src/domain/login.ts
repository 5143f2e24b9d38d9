import type { AssertionRequest, TokenSet } from '@madoguchi/protocol';
import type { AcceptedLogin } from '../store/store';
import { auditEntry, type DecisionContext } from './audit';
import {
  newSession,
  requireLoginState,
  startSession,
  type SessionContext,
  type SessionStart,
} from './start-session';
import {
  acceptAssertion,
  checkAssertion,
  consumeOrRefuse,
  requireAssurance,
  type AssertionContext,
} from './verify-assertion';

export type LoginContext = AssertionContext & SessionContext;

/**
 * POST /v1/assertions: verifyAssertion then startSession — the same checks in the same order, with the same
 * refusals — and the acceptance audited. A plain login (a `login` challenge) costs one store write: what follows the
 * challenge's consumption (the service's assurance, the holder, the link) is read at once and judged before it, so
 * that the session, the link's last use and the audit record are written by the consuming step itself, in one
 * transaction; a refusal judged there is thrown only once the challenge is consumed, as in the step-by-step order. A
 * consent (`link` challenge) and a card seen for the first time (its holder is made) go step by step.
 */
export async function login(
  request: AssertionRequest,
  deviceId: string,
  now: Date,
  ctx: LoginContext,
  decision: DecisionContext,
): Promise<TokenSet> {
  const checked = await checkAssertion(request, deviceId, now, ctx, decision);
  const { challenge, certificate } = checked;
  const cert = { issuer: certificate.cert.issuer, serial: certificate.cert.serial };
  const state =
    challenge.purpose === 'login' ? await ctx.store.findLoginState(cert, challenge.serviceId) : undefined;
  const start = (holderId: string, consent: boolean): SessionStart => ({
    holderId,
    serviceId: challenge.serviceId,
    deviceId,
    acr: request.keyKind,
    authTime: now,
    now,
    consent,
  });
  if (state === undefined) {
    const { holder } = await acceptAssertion(checked, request.keyKind, deviceId, now, ctx);
    const { tokens } = await startSession(ctx, start(holder.holderId, challenge.purpose === 'link'));
    await ctx.store.appendAudit(auditEntry(now, 'assertion', decision));
    return tokens;
  }

  let accepted: AcceptedLogin | undefined;
  let tokens: TokenSet | undefined;
  let refusal: unknown;
  try {
    requireAssurance(ctx.services, challenge.serviceId, request.keyKind);
    const link = requireLoginState(state, challenge.serviceId);
    const made = newSession(ctx, start(state.holder.holderId, false), link);
    tokens = made.tokens;
    accepted = {
      session: made.session,
      touchLink: link !== null,
      audit: auditEntry(now, 'assertion', decision),
    };
  } catch (error) {
    refusal = error;
  }
  await consumeOrRefuse(ctx.store, challenge.challengeId, deviceId, now, accepted);
  if (tokens === undefined) throw refusal;
  return tokens;
}
