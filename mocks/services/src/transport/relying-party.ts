import { createRemoteJWKSet, jwtVerify, type JWTVerifyOptions } from 'jose';
import { Issuer } from 'openid-client';
import {
  isErrorCode,
  MadoguchiError,
  type IntrospectionResponse,
  type SignatureVerdict,
  type SubjectStatusResponse,
} from '@madoguchi/protocol';
import type { IdentityProvider, VerifiedToken } from '../domain/identity-provider';

export interface RelyingPartyOptions {
  /** The issuer URL, exactly as the auth-server's discovery document names it. */
  authServerUrl: string;
  /** This service's client id: the `aud` of its tokens. */
  serviceId: string;
  /** The client secret the operator issued (`madoguchi-server issue-service-secret`). */
  secret: string;
  /** Token times are checked against this clock (tests freeze it with the server's). */
  clock: () => Date;
}

/**
 * A real OpenID relying party: discovery and introspection with openid-client, token signatures with jose's remote
 * JWKS from the discovered `jwks_uri` (cached, refetched on an unknown key id after a rotation). The platform's own
 * routes (subject status, signature verification) take the same client_secret_basic credentials.
 */
export async function discoverRelyingParty(options: RelyingPartyOptions): Promise<IdentityProvider> {
  const issuer = await unreachableAsCode(() => Issuer.discover(options.authServerUrl));
  const { jwks_uri: jwksUri, introspection_endpoint: introspectionEndpoint } = issuer.metadata;
  if (!jwksUri || !introspectionEndpoint) {
    throw new MadoguchiError(
      'CONFIG_INVALID',
      `${options.authServerUrl}: discovery lacks jwks_uri or introspection`,
    );
  }
  const client = new issuer.Client({
    client_id: options.serviceId,
    client_secret: options.secret,
    introspection_endpoint_auth_method: 'client_secret_basic',
  });
  const jwks = createRemoteJWKSet(new URL(jwksUri));
  const base = issuer.metadata.issuer.replace(/\/$/, '');
  const basic = `Basic ${Buffer.from(`${encodeURIComponent(options.serviceId)}:${encodeURIComponent(options.secret)}`).toString('base64')}`;

  async function verify(token: string, typ: 'at+jwt' | 'JWT'): Promise<VerifiedToken> {
    const checks: JWTVerifyOptions = {
      issuer: issuer.metadata.issuer,
      audience: options.serviceId,
      algorithms: ['ES256'],
      typ,
      currentDate: options.clock(),
      requiredClaims: ['sub', 'exp', 'acr', 'auth_time'],
    };
    try {
      return (await jwtVerify(token, jwks, checks)).payload as VerifiedToken;
    } catch (error) {
      // Never say which check failed to the caller: a forged token learns nothing.
      throw new MadoguchiError('TOKEN_INVALID', 'the token is not a valid login for this service', {
        cause: error,
      });
    }
  }

  async function platform<T>(path: string, init: RequestInit = {}): Promise<T> {
    const res = await unreachableAsCode(() =>
      fetch(`${base}${path}`, { ...init, headers: { ...init.headers, authorization: basic } }),
    );
    const body = (await res.json()) as T & { code?: unknown; message?: string };
    if (!res.ok) {
      const code = isErrorCode(body.code) ? body.code : 'SERVER_UNREACHABLE';
      throw new MadoguchiError(code, `auth-server: ${body.message ?? res.status}`);
    }
    return body;
  }

  return {
    verifyAccessToken: (token) => verify(token, 'at+jwt'),
    verifyIdToken: (token) => verify(token, 'JWT'),
    introspect: async (token) =>
      (await unreachableAsCode(() => client.introspect(token, 'access_token'))) as IntrospectionResponse,
    subjectStatus: (sub) => platform<SubjectStatusResponse>(`/v1/subjects/${encodeURIComponent(sub)}/status`),
    verifySignature: (cms) =>
      platform<SignatureVerdict>('/v1/signatures/verify', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ cms }),
      }),
  };
}

/** A failed call to the auth-server (down, refused our credentials) is SERVER_UNREACHABLE unless already coded. */
async function unreachableAsCode<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof MadoguchiError) throw error;
    throw new MadoguchiError('SERVER_UNREACHABLE', 'the auth-server did not answer as expected', {
      cause: error,
    });
  }
}
