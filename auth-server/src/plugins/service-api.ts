import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ErrorBodySchema,
  IntrospectionRequestSchema,
  IntrospectionResponseSchema,
  MadoguchiError,
  SubjectParamsSchema,
  SubjectStatusResponseSchema,
} from '@madoguchi/protocol';
import { emptyDecision } from '../domain/audit';
import { introspectToken } from '../domain/introspect-token';
import { subjectStatus } from '../domain/subject-status';
import { requireService } from './service-auth';

const errors = { '4xx': ErrorBodySchema, '5xx': ErrorBodySchema };

/**
 * The routes a registered service calls about its own holders: token introspection (RFC 7662, so that a lost card's
 * tokens are refused at once, not when they expire) and a subject's status. A service only ever learns about its own
 * subjects; another service's token is merely inactive.
 */
export const serviceApiPlugin: FastifyPluginAsyncTypebox = async (app) => {
  requireService(app, 'introspect');
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
  );
  const { deps, domain } = app;

  app.post(
    '/v1/introspect',
    {
      schema: {
        tags: ['service'],
        body: IntrospectionRequestSchema,
        response: { 200: IntrospectionResponseSchema, ...errors },
      },
    },
    async (request) => {
      const result = await introspectToken(request.body.token, request.serviceId, deps.clock.now(), domain);
      const refusal = result.active
        ? undefined
        : new MadoguchiError(result.code ?? 'TOKEN_INVALID', 'inactive');
      await app.audit('introspect', { ...emptyDecision(), serviceId: request.serviceId }, refusal);
      return result;
    },
  );

  app.get(
    '/v1/subjects/:sub/status',
    {
      schema: {
        tags: ['service'],
        params: SubjectParamsSchema,
        response: { 200: SubjectStatusResponseSchema, ...errors },
      },
    },
    async (request) => {
      const { status, code } = await subjectStatus(
        deps.store,
        domain.crls,
        request.serviceId,
        request.params.sub,
      );
      return { sub: request.params.sub, status, code };
    },
  );
};
