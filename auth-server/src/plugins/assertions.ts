import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AssertionRequestSchema, AssertionResponseSchema, ErrorBodySchema } from '@madoguchi/protocol';
import { emptyDecision } from '../domain/audit';
import { verifyAssertion } from '../domain/verify-assertion';
import { issueTokens } from '../tokens/issue-tokens';
import { toMadoguchiError } from './error-handler';
import { requireDevice } from './device-auth';

/** POST /v1/assertions: the card's answer to a challenge; tokens for the service when every check passes. */
export const assertionsPlugin: FastifyPluginAsyncTypebox = async (app) => {
  requireDevice(app);
  const { deps, settings } = app;
  const ctx = {
    store: deps.store,
    services: app.services,
    cache: deps.certificates,
    trust: deps.trust,
    crls: deps.crls.lookup,
    crlGraceMs: settings.crl.graceSeconds * 1000,
  };
  const tokens = {
    issuer: settings.issuer,
    keys: deps.tokenKeys,
    pairwiseSecret: deps.secrets.pairwiseSecret,
    ttlSeconds: settings.tokens.ttlSeconds,
  };

  app.post(
    '/v1/assertions',
    {
      schema: {
        tags: ['bridge'],
        body: AssertionRequestSchema,
        response: { 200: AssertionResponseSchema, '4xx': ErrorBodySchema, '5xx': ErrorBodySchema },
      },
    },
    async (request) => {
      const stopTimer = deps.metrics.verificationSeconds.startTimer();
      const decision = { ...emptyDecision(), deviceId: request.deviceId };
      const now = deps.clock.now();
      try {
        const accepted = await verifyAssertion(request.body, request.deviceId, now, ctx, decision);
        const tokenSet = issueTokens(
          {
            holderId: accepted.holder.holderId,
            serviceId: accepted.serviceId,
            acr: accepted.keyKind,
            authTime: now,
          },
          tokens,
        );
        await app.audit('assertion', decision);
        deps.metrics.verifications.inc({ outcome: 'accepted', code: '' });
        return { tokens: tokenSet };
      } catch (error) {
        await app.audit('assertion', decision, error);
        deps.metrics.verifications.inc({ outcome: 'refused', code: toMadoguchiError(error).code });
        throw error;
      } finally {
        stopTimer();
      }
    },
  );
};
