import { randomUUID } from 'node:crypto';
import type { TokenSet } from '@madoguchi/protocol';
import type { KeyKind } from '../verify/key-kind';
import { signJwt } from './sign-jwt';
import type { TokenKeys } from './token-keys';

export interface TokenContext {
  issuer: string;
  keys: TokenKeys;
  pairwiseSecret: Buffer;
  ttlSeconds: number;
}

export interface Login {
  /** The pairwise subject the service knows the holder by (the link's, so that merges keep it). */
  subject: string;
  serviceId: string;
  /** The session: refused at introspection once it is revoked (a lost card). */
  sid: string;
  /** The key the card signed with: the assurance reached, `acr` in both tokens. */
  acr: KeyKind;
  /** When the PIN was entered. */
  authTime: Date;
  /** When the tokens are issued (later than authTime for a reused login). */
  issuedAt: Date;
  /** Extra ID token claims: the facts released at a link, and their source. */
  idClaims?: Record<string, unknown>;
}

/** An ID token and an access token (RFC 9068 shape) for one service, with the holder's pairwise subject. */
export function issueTokens(login: Login, ctx: TokenContext): TokenSet {
  const iat = Math.floor(login.issuedAt.getTime() / 1000);
  const common = {
    iss: ctx.issuer,
    sub: login.subject,
    aud: login.serviceId,
    iat,
    exp: iat + ctx.ttlSeconds,
    auth_time: Math.floor(login.authTime.getTime() / 1000),
    acr: login.acr,
    sid: login.sid,
  };
  const key = ctx.keys.signingKey();
  return {
    tokenType: 'Bearer',
    idToken: signJwt({ ...common, azp: login.serviceId, ...login.idClaims }, key),
    accessToken: signJwt(
      { ...common, client_id: login.serviceId, jti: randomUUID(), scope: 'openid' },
      key,
      'at+jwt',
    ),
    expiresIn: ctx.ttlSeconds,
    acr: login.acr,
  };
}
