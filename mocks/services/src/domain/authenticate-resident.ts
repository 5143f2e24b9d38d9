import { MadoguchiError } from '@madoguchi/protocol';
import type { IdentityProvider, VerifiedToken } from './identity-provider';

/** What an action demands of the login behind a token. */
export interface AccessPolicy {
  /** Accepted `acr` values: `auth` (4-digit PIN) and/or `sign` (sign PIN). */
  acr: readonly ('auth' | 'sign')[];
  /** How old the PIN entry may be; a reused recent login keeps its original auth_time. */
  maxAuthAgeSeconds: number;
}

/** The resident behind a request, known only by this service's pairwise subject. */
export interface Resident {
  sub: string;
  acr: string;
  authTime: Date;
}

/**
 * The checks of docs/verifiers.md, in order: the token verifies locally (signature, iss, aud, exp), the assurance
 * and the age of the PIN entry fit the action, then the auth-server says it is still good now. An inactive token
 * is refused with the server's plain reason (HOLDER_SUSPENDED, LINK_REQUIRED …), never retried silently; a link
 * whose facts changed (relink-required) is LINK_REQUIRED until the holder re-links.
 */
export async function authenticateResident(
  token: string,
  provider: IdentityProvider,
  policy: AccessPolicy,
  now: Date,
): Promise<Resident> {
  const claims = await provider.verifyAccessToken(token);
  if (!(policy.acr as readonly string[]).includes(claims.acr)) {
    throw new MadoguchiError('ASSURANCE_INSUFFICIENT', `this action needs acr ${policy.acr.join(' or ')}`);
  }
  if (now.getTime() - claims.auth_time * 1000 > policy.maxAuthAgeSeconds * 1000) {
    throw new MadoguchiError('FRESH_LOGIN_REQUIRED', 'this action needs a newer PIN entry');
  }
  const state = await provider.introspect(token);
  if (!state.active) {
    throw new MadoguchiError(
      state.code ?? 'TOKEN_INVALID',
      `the login is no longer good (${state.status ?? 'inactive'})`,
    );
  }
  if (state.status === 'relink-required') {
    throw new MadoguchiError('LINK_REQUIRED', 'the card details changed: link the card again');
  }
  return { sub: claims.sub, acr: claims.acr, authTime: new Date(claims.auth_time * 1000) };
}

/** An ID token handed on with the access token: valid for this service and about the same resident. */
export async function verifyIdTokenOf(
  resident: Resident,
  idToken: string,
  provider: IdentityProvider,
): Promise<VerifiedToken> {
  const claims = await provider.verifyIdToken(idToken);
  if (claims.sub !== resident.sub) {
    throw new MadoguchiError('TOKEN_INVALID', 'the ID token is about someone else');
  }
  return claims;
}
