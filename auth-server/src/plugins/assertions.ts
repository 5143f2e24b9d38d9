import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AssertionRequestSchema, AssertionResponseSchema, ErrorBodySchema } from '@madoguchi/protocol';
import { emptyDecision } from '../domain/audit';
import { login } from '../domain/login';
import { toMadoguchiError } from './error-handler';
import { requireDevice } from './device-auth';

/**
 * POST /v1/assertions: the card's answer to a challenge; tokens for the service when every check passes and the
 * holder is linked to it (a `link` challenge records the link: the viewer consented on the TV first).
 */
export const assertionsPlugin: FastifyPluginAsyncTypebox = async (app) => {
  requireDevice(app);
  const { deps, domain } = app;

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
        // Audited as accepted by login itself, in the write that accepts it.
        const tokens = await login(request.body, request.deviceId, now, domain, decision);
        deps.metrics.verifications.inc({ outcome: 'accepted', code: '' });
        return { tokens };
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
