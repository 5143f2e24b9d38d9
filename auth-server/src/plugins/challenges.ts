import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ChallengeSchema,
  CreateChallengeRequestSchema,
  ErrorBodySchema,
  MadoguchiError,
} from '@madoguchi/protocol';
import { emptyDecision } from '../domain/audit';
import { createChallenge } from '../domain/create-challenge';
import { precheckLogin } from '../domain/precheck-login';
import { requireDevice } from './device-auth';

/**
 * POST /v1/challenges: an enrolled device asks for a challenge before any PIN is asked; with the card's certificate,
 * a login that would be refused is refused now (precheckLogin), audited as a refused challenge.
 */
export const challengesPlugin: FastifyPluginAsyncTypebox = async (app) => {
  requireDevice(app);
  app.post(
    '/v1/challenges',
    {
      schema: {
        tags: ['bridge'],
        body: CreateChallengeRequestSchema,
        response: { 201: ChallengeSchema, '4xx': ErrorBodySchema, '5xx': ErrorBodySchema },
      },
    },
    async (request, reply) => {
      const decision = { ...emptyDecision(), deviceId: request.deviceId, serviceId: request.body.serviceId };
      try {
        if (!app.services.has(request.body.serviceId)) {
          throw new MadoguchiError('SERVICE_UNKNOWN', 'no such service is configured');
        }
        const { certificate, serviceId, purpose } = request.body;
        if (certificate !== undefined) {
          if (purpose !== 'login') {
            throw new MadoguchiError('BAD_MESSAGE', 'a certificate is sent with a login challenge only');
          }
          await precheckLogin(certificate, serviceId, app.deps.clock.now(), app.domain, decision);
        }
        const challenge = await createChallenge(
          app.deps.store,
          request.body,
          request.deviceId,
          app.deps.clock.now(),
          app.settings.challenge.ttlSeconds * 1000,
        );
        await app.audit('challenge', decision);
        return reply.status(201).send(challenge);
      } catch (error) {
        await app.audit('challenge', decision, error);
        throw error;
      }
    },
  );
};
