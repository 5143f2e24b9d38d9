import { isMadoguchiError, type IntrospectionResponse } from '@madoguchi/protocol';
import type { Store } from '../store/store';
import type { TokenKeys } from '../tokens/token-keys';
import { verifyJwt } from '../tokens/verify-jwt';
import type { CrlLookup } from '../verify/verify-revocation';
import { subjectStatus } from './subject-status';

export interface IntrospectionContext {
  store: Store;
  keys: TokenKeys;
  issuer: string;
  crls: CrlLookup;
}

/**
 * RFC 7662 for the calling service's own access tokens: active only when the token verifies and is unexpired, its
 * session was not ended (a suspension or abolition ends them all), the holder is not suspended, and the link is
 * neither removed nor newer than the token (a token from before a removal stays dead after a re-link). Another
 * service's token is just inactive: nothing about it is revealed.
 */
export async function introspectToken(
  token: string,
  serviceId: string,
  now: Date,
  ctx: IntrospectionContext,
): Promise<IntrospectionResponse> {
  let claims;
  try {
    claims = verifyJwt(token, ctx.keys, { issuer: ctx.issuer, now, typ: 'at+jwt' });
  } catch (error) {
    if (isMadoguchiError(error)) return { active: false, code: error.code };
    throw error;
  }
  if (claims.aud !== serviceId) return { active: false };
  const state = await subjectStatus(ctx.store, ctx.crls, serviceId, claims.sub);
  if (state.code !== null) return { active: false, status: state.status, code: state.code };
  const session = await ctx.store.getSession(claims.sid);
  if (
    session === undefined ||
    session.revokedAt !== null ||
    claims.iat * 1000 < floorSecond(state.link!.linkedAt)
  ) {
    return { active: false, status: state.status, code: 'TOKEN_INVALID' };
  }
  return {
    active: true,
    sub: claims.sub,
    aud: claims.aud,
    client_id: claims.aud,
    scope: 'openid',
    acr: claims.acr,
    iat: claims.iat,
    exp: claims.exp,
    auth_time: claims.auth_time,
    status: state.status,
  };
}

/** Token times are whole seconds. */
const floorSecond = (d: Date): number => Math.floor(d.getTime() / 1000) * 1000;
