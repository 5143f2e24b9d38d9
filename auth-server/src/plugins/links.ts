import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ErrorBodySchema,
  HOLDER_AUDIENCE,
  LinkRequestSchema,
  LinkResponseSchema,
  MadoguchiError,
  ServiceIdParamsSchema,
  ServiceInfoSchema,
} from '@madoguchi/protocol';
import { emptyDecision } from '../domain/audit';
import { recordLink } from '../domain/record-link';
import { serviceInfo } from '../domain/service-registry';
import { requireDevice } from './device-auth';

const errors = { '4xx': ErrorBodySchema, '5xx': ErrorBodySchema };

/** GET /v1/services/:serviceId: a registration's public part, for the consent screen (no PIN asked yet). */
export const serviceInfoPlugin: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/v1/services/:serviceId',
    {
      schema: {
        tags: ['bridge'],
        params: ServiceIdParamsSchema,
        response: { 200: ServiceInfoSchema, ...errors },
      },
    },
    async (request, reply) => {
      const registration = app.services.get(request.params.serviceId);
      if (registration === undefined || registration.id === HOLDER_AUDIENCE) {
        throw new MadoguchiError('SERVICE_UNKNOWN', 'no such service is configured');
      }
      const origin = request.headers.origin;
      if (origin !== undefined && registration.origins.includes(origin)) {
        reply.header('access-control-allow-origin', origin).header('vary', 'origin');
      }
      return serviceInfo(registration);
    },
  );
};

/** POST /v1/links: the consenting first use of a service, and the release of facts to it alone. */
export const linksPlugin: FastifyPluginAsyncTypebox = async (app) => {
  requireDevice(app);
  app.post(
    '/v1/links',
    {
      schema: { tags: ['bridge'], body: LinkRequestSchema, response: { 200: LinkResponseSchema, ...errors } },
    },
    async (request) => {
      const decision = { ...emptyDecision(), deviceId: request.deviceId };
      try {
        const result = await recordLink(
          request.body,
          request.deviceId,
          app.deps.clock.now(),
          app.domain,
          decision,
        );
        await app.audit('link', decision);
        return result;
      } catch (error) {
        await app.audit('link', decision, error);
        throw error;
      }
    },
  );
};
