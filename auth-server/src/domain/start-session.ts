import { randomBytes } from 'node:crypto';
import { HOLDER_AUDIENCE, MadoguchiError, type TokenSet } from '@madoguchi/protocol';
import type { LinkRecord, LoginState, SessionRecord, Store } from '../store/store';
import { issueTokens, type TokenContext } from '../tokens/issue-tokens';
import { pairwiseSubject } from '../tokens/pairwise-subject';
import type { KeyKind } from '../verify/key-kind';
import { requireUsableHolder } from './resolve-holder';

export interface SessionContext {
  store: Store;
  tokens: TokenContext;
}

export interface SessionStart {
  holderId: string;
  serviceId: string;
  deviceId: string;
  acr: KeyKind;
  /** When the PIN was entered (earlier than now for a reused login). */
  authTime: Date;
  now: Date;
  /** The viewer consented to link (a `link` challenge): the first use records the link. */
  consent: boolean;
  idClaims?: Record<string, unknown>;
}

export interface StartedSession {
  tokens: TokenSet;
  /** Null for the holder's own audience, which needs no link. */
  link: LinkRecord | null;
}

/**
 * After a holder is proven: the link (recorded with consent, or required to exist and not removed), a session, and
 * tokens whose `sub` is the link's subject and whose `sid` lets them be refused later.
 */
export async function startSession(ctx: SessionContext, s: SessionStart): Promise<StartedSession> {
  const link = s.serviceId === HOLDER_AUDIENCE ? null : await useLink(ctx, s);
  const { session, tokens } = newSession(ctx, s, link);
  await ctx.store.createSession(session, s.now);
  return { tokens, link };
}

/**
 * A session's record and its tokens, signed but not yet handed out: the caller stores the session first. `sub` is
 * the link's subject (kept across merges), or the pairwise subject for the holder's own audience.
 */
export function newSession(
  ctx: SessionContext,
  s: SessionStart,
  link: LinkRecord | null,
): { session: Omit<SessionRecord, 'revokedAt'>; tokens: TokenSet } {
  const session = {
    sid: randomBytes(16).toString('base64url'),
    holderId: s.holderId,
    serviceId: s.serviceId,
    deviceId: s.deviceId,
    acr: s.acr,
    authTime: s.authTime,
  };
  const tokens = issueTokens(
    {
      subject: link?.subject ?? pairwiseSubject(ctx.tokens.pairwiseSecret, s.holderId, s.serviceId),
      serviceId: s.serviceId,
      sid: session.sid,
      acr: s.acr,
      authTime: s.authTime,
      issuedAt: s.now,
      ...(s.idClaims ? { idClaims: s.idClaims } : {}),
    },
    ctx.tokens,
  );
  return { session, tokens };
}

/** A login without consent needs the link made at an earlier consent, not removed since. */
export function requireLink(link: LinkRecord | undefined): LinkRecord {
  if (link === undefined || link.status === 'removed') {
    throw new MadoguchiError(
      'LINK_REQUIRED',
      'this card is not linked to the service: ask the viewer to consent',
    );
  }
  return link;
}

/**
 * What a login needs of its holder and link, as the store holds them: a usable holder and card, and a link to the
 * service (none for the holder's own view). One check for the login and for its precheck at the challenge, so the
 * precheck refuses exactly what the login would.
 */
export function requireLoginState(state: LoginState, serviceId: string): LinkRecord | null {
  requireUsableHolder(state.holder, state.abolished);
  return serviceId === HOLDER_AUDIENCE ? null : requireLink(state.link);
}

async function useLink(ctx: SessionContext, s: SessionStart): Promise<LinkRecord> {
  if (s.consent) {
    const subject = pairwiseSubject(ctx.tokens.pairwiseSecret, s.holderId, s.serviceId);
    return ctx.store.activateLink({ holderId: s.holderId, serviceId: s.serviceId, subject, at: s.now });
  }
  const link = requireLink(await ctx.store.getLink(s.holderId, s.serviceId));
  await ctx.store.touchLink(s.holderId, s.serviceId, s.now);
  return { ...link, lastUsedAt: s.now };
}
