import { verify } from 'node:crypto';
import { MadoguchiError } from '@madoguchi/protocol';
import type { TokenKeys } from './token-keys';

/** The claims this server puts in every token it issues. */
export interface TokenClaims {
  iss: string;
  sub: string;
  aud: string;
  iat: number;
  exp: number;
  auth_time: number;
  acr: 'auth' | 'sign';
  sid: string;
}

export interface JwtCheck {
  issuer: string;
  now: Date;
  /** `at+jwt` for access tokens. */
  typ: string;
  /** Accept an expired token (a reused login is judged by auth_time, not by the token's lifetime). */
  allowExpired?: boolean;
}

/**
 * One of our own tokens, in jose's order: shape → header (ES256, known kid, typ) → signature → claims (issuer,
 * expiry). Anything else is TOKEN_INVALID with no detail of which check failed.
 */
export function verifyJwt(token: string, keys: TokenKeys, check: JwtCheck): TokenClaims {
  const invalid = () => new MadoguchiError('TOKEN_INVALID', 'the token is not valid');
  const parts = token.split('.');
  if (parts.length !== 3 || !parts.every((p) => /^[A-Za-z0-9_-]+$/.test(p))) throw invalid();
  const [h, p, s] = parts as [string, string, string];
  let header: { alg?: unknown; kid?: unknown; typ?: unknown };
  let claims: Partial<TokenClaims>;
  try {
    header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8'));
    claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (header.alg !== 'ES256' || header.typ !== check.typ || typeof header.kid !== 'string') throw invalid();
  const key = keys.verificationKey(header.kid);
  if (key === undefined) throw invalid();
  let valid = false;
  try {
    valid = verify(
      'sha256',
      Buffer.from(`${h}.${p}`),
      { key, dsaEncoding: 'ieee-p1363' },
      Buffer.from(s, 'base64url'),
    );
  } catch {
    valid = false;
  }
  if (
    !valid ||
    claims.iss !== check.issuer ||
    typeof claims.sid !== 'string' ||
    typeof claims.exp !== 'number'
  ) {
    throw invalid();
  }
  if (!check.allowExpired && claims.exp * 1000 <= check.now.getTime()) {
    throw new MadoguchiError('TOKEN_INVALID', 'the token has expired');
  }
  return claims as TokenClaims;
}
