import { randomBytes } from 'node:crypto';
import { HOLDER_AUDIENCE, MadoguchiError, type TokenSet } from '@madoguchi/protocol';
import type { LinkRecord, Store } from '../store/store';
import { issueTokens, type TokenContext } from '../tokens/issue-tokens';
import { pairwiseSubject } from '../tokens/pairwise-subject';
import type { KeyKind } from '../verify/key-kind';

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
  const sid = randomBytes(16).toString('base64url');
  await ctx.store.createSession({
    sid,
    holderId: s.holderId,
    serviceId: s.serviceId,
    deviceId: s.deviceId,
    acr: s.acr,
    authTime: s.authTime,
  });
  const subject = link?.subject ?? pairwiseSubject(ctx.tokens.pairwiseSecret, s.holderId, s.serviceId);
  const tokens = issueTokens(
    {
      subject,
      serviceId: s.serviceId,
      sid,
      acr: s.acr,
      authTime: s.authTime,
      issuedAt: s.now,
      ...(s.idClaims ? { idClaims: s.idClaims } : {}),
    },
    ctx.tokens,
  );
  return { tokens, link };
}

async function useLink(ctx: SessionContext, s: SessionStart): Promise<LinkRecord> {
  if (s.consent) {
    const subject = pairwiseSubject(ctx.tokens.pairwiseSecret, s.holderId, s.serviceId);
    return ctx.store.activateLink({ holderId: s.holderId, serviceId: s.serviceId, subject, at: s.now });
  }
  const link = await ctx.store.getLink(s.holderId, s.serviceId);
  if (link === undefined || link.status === 'removed') {
    throw new MadoguchiError(
      'LINK_REQUIRED',
      'this card is not linked to the service: ask the viewer to consent',
    );
  }
  await ctx.store.touchLink(s.holderId, s.serviceId, s.now);
  return { ...link, lastUsedAt: s.now };
}
