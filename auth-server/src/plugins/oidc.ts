import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

/**
 * The OpenID provider surface services verify tokens with: discovery and the JWKS. Tokens themselves are handed out
 * by POST /v1/assertions (the bridge carries them to the TV app), so there is no authorization or token endpoint.
 */
export const oidcPlugin: FastifyPluginAsyncTypebox = async (app) => {
  const issuer = app.settings.issuer.replace(/\/$/, '');
  app.get('/.well-known/openid-configuration', { schema: { tags: ['oidc'] } }, async () => ({
    issuer: app.settings.issuer,
    jwks_uri: `${issuer}/.well-known/jwks.json`,
    response_types_supported: ['id_token'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['ES256'],
    acr_values_supported: ['auth', 'sign'],
    claims_supported: [
      'iss',
      'sub',
      'aud',
      'exp',
      'iat',
      'auth_time',
      'acr',
      'azp',
      'sid',
      'name',
      'address',
      'birthdate',
      'gender',
      'facts_source',
      'facts_version',
    ],
    // Services check that a token is still good (a lost card, a removed link) with their client secret.
    introspection_endpoint: `${issuer}/v1/introspect`,
    introspection_endpoint_auth_methods_supported: ['client_secret_basic'],
  }));
  app.get('/.well-known/jwks.json', { schema: { tags: ['oidc'] } }, async (_request, reply) => {
    // Short caching: a rotated key is published well before it signs (TokenKeys activation delay).
    reply.header('cache-control', 'public, max-age=300');
    return app.deps.tokenKeys.jwks();
  });
};
