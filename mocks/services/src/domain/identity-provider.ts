import type { IntrospectionResponse, SignatureVerdict, SubjectStatusResponse } from '@madoguchi/protocol';

/** The claims a service relies on, after the token's signature, issuer, audience and expiry were checked. */
export interface VerifiedToken {
  sub: string;
  acr: string;
  /** When the PIN was entered (seconds). */
  auth_time: number;
  [claim: string]: unknown;
}

/**
 * The operator's OpenID provider as a service sees it (the port the domain takes; transport/relying-party.ts
 * implements it over discovery, JWKS and the service API). Every method fails with a coded MadoguchiError.
 */
export interface IdentityProvider {
  /** Local verification of an access token (at+jwt): ES256 by a published key, iss, aud = this service, exp. */
  verifyAccessToken(token: string): Promise<VerifiedToken>;
  /** The same for an ID token, which alone carries released facts. */
  verifyIdToken(token: string): Promise<VerifiedToken>;
  /** RFC 7662: whether the token is still good now (a lost card, a removed link end it at once). */
  introspect(token: string): Promise<IntrospectionResponse>;
  subjectStatus(sub: string): Promise<SubjectStatusResponse>;
  /** CMS SignedData (DER, base64url) verified by the platform on the service's behalf. */
  verifySignature(cms: string): Promise<SignatureVerdict>;
}
