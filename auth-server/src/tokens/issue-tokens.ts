import { randomUUID } from 'node:crypto';
import type { TokenSet } from '@madoguchi/protocol';
import type { KeyKind } from '../verify/key-kind';
import { pairwiseSubject } from './pairwise-subject';
import { signJwt } from './sign-jwt';
import type { TokenKeys } from './token-keys';

export interface TokenContext {
  issuer: string;
  keys: TokenKeys;
  pairwiseSecret: Buffer;
  ttlSeconds: number;
}

export interface Login {
  holderId: string;
  serviceId: string;
  /** The key the card signed with: the assurance reached, `acr` in both tokens. */
  acr: KeyKind;
  authTime: Date;
}

/** An ID token and an access token (RFC 9068 shape) for one service, with the holder's pairwise subject. */
export function issueTokens(login: Login, ctx: TokenContext): TokenSet {
  const iat = Math.floor(login.authTime.getTime() / 1000);
  const common = {
    iss: ctx.issuer,
    sub: pairwiseSubject(ctx.pairwiseSecret, login.holderId, login.serviceId),
    aud: login.serviceId,
    iat,
    exp: iat + ctx.ttlSeconds,
    auth_time: iat,
    acr: login.acr,
  };
  const key = ctx.keys.signingKey();
  return {
    tokenType: 'Bearer',
    idToken: signJwt({ ...common, azp: login.serviceId }, key),
    accessToken: signJwt(
      { ...common, client_id: login.serviceId, jti: randomUUID(), scope: 'openid' },
      key,
      'at+jwt',
    ),
    expiresIn: ctx.ttlSeconds,
    acr: login.acr,
  };
}
