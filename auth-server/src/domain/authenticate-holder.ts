import { HOLDER_AUDIENCE, MadoguchiError } from '@madoguchi/protocol';
import type { SessionRecord, Store } from '../store/store';
import type { TokenKeys } from '../tokens/token-keys';
import { verifyJwt, type JwtCheck, type TokenClaims } from '../tokens/verify-jwt';

export interface HolderTokenContext {
  store: Store;
  keys: TokenKeys;
  issuer: string;
}

/**
 * The session behind one of our access tokens, presented by the box it was issued to: the token verifies, its
 * session is live, the requesting device is the session's device (a token copied off the box is useless), and the
 * holder is not suspended. TOKEN_INVALID otherwise, with no detail.
 */
export async function tokenSession(
  token: string,
  deviceId: string,
  ctx: HolderTokenContext,
  check: Omit<JwtCheck, 'issuer' | 'typ'>,
): Promise<{ claims: TokenClaims; session: SessionRecord }> {
  const claims = verifyJwt(token, ctx.keys, { ...check, issuer: ctx.issuer, typ: 'at+jwt' });
  const session = await ctx.store.getSession(claims.sid);
  if (session === undefined || session.revokedAt !== null || session.deviceId !== deviceId) {
    throw new MadoguchiError('TOKEN_INVALID', 'the token is not valid from this device');
  }
  const holder = await ctx.store.getHolder(session.holderId);
  if (holder?.status === 'suspended')
    throw new MadoguchiError('HOLDER_SUSPENDED', 'this card holder is suspended');
  return { claims, session };
}

/** The holder behind a `holder`-audience bearer access token: the one who entered the PIN on this box. */
export async function authenticateHolder(
  authorization: string | undefined,
  deviceId: string,
  now: Date,
  ctx: HolderTokenContext,
): Promise<string> {
  const token = /^Bearer ([A-Za-z0-9_.-]+)$/.exec(authorization ?? '')?.[1];
  if (token === undefined) throw new MadoguchiError('TOKEN_INVALID', 'a holder access token is required');
  const { claims, session } = await tokenSession(token, deviceId, ctx, { now });
  if (claims.aud !== HOLDER_AUDIENCE) {
    throw new MadoguchiError('TOKEN_INVALID', 'the token is not for the holder audience');
  }
  return session.holderId;
}
