import { timingSafeEqual, createHash } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  AuditQuerySchema,
  AuditResponseSchema,
  CrlRefreshResponseSchema,
  ErrorBodySchema,
  MadoguchiError,
} from '@madoguchi/protocol';

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Operator routes (audit query, CRL refresh), behind the bearer token kept in the state directory. */
export const operatorPlugin: FastifyPluginAsyncTypebox = async (app) => {
  const expected = digest(`Bearer ${app.deps.secrets.operatorToken}`);
  app.addHook('onRequest', async (request) => {
    // Compare digests, so the time taken says nothing about the token.
    if (!timingSafeEqual(digest(request.headers.authorization ?? ''), expected)) {
      throw new MadoguchiError('OPERATOR_UNAUTHORIZED', 'operator token missing or wrong');
    }
  });
  const errors = { '4xx': ErrorBodySchema, '5xx': ErrorBodySchema };
  app.get(
    '/v1/admin/audit',
    {
      schema: {
        tags: ['operator'],
        querystring: AuditQuerySchema,
        response: { 200: AuditResponseSchema, ...errors },
      },
    },
    async (request) => ({ records: await app.deps.store.queryAudit(request.query) }),
  );
  app.post(
    '/v1/admin/crl/refresh',
    { schema: { tags: ['operator'], response: { 200: CrlRefreshResponseSchema, ...errors } } },
    async () => ({ crls: await app.deps.crls.refresh() }),
  );
};
