import { timingSafeEqual, createHash } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  AuditQuerySchema,
  AuditResponseSchema,
  CrlRefreshResponseSchema,
  ErrorBodySchema,
  HolderIdParamsSchema,
  HolderLookupQuerySchema,
  HolderViewSchema,
  MadoguchiError,
} from '@madoguchi/protocol';
import { Type } from '@sinclair/typebox';
import { findHolders, holderView, operateHolder, type OperatorContext } from '../domain/operate-holders';

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * Operator routes (audit query, CRL refresh, holders after a loss report), behind the bearer token kept in the state
 * directory. The operator is the only one besides the holder who may see a holder's links.
 */
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

  const ctx: OperatorContext = {
    store: app.deps.store,
    clock: app.deps.clock,
    crls: app.deps.crls.lookup,
    services: app.services,
  };
  app.get(
    '/v1/admin/holders',
    {
      schema: {
        tags: ['operator'],
        querystring: HolderLookupQuerySchema,
        response: { 200: Type.Object({ holders: Type.Array(HolderViewSchema) }), ...errors },
      },
    },
    async (request) => ({ holders: await findHolders(ctx, request.query.serial) }),
  );
  app.get(
    '/v1/admin/holders/:holderId',
    {
      schema: {
        tags: ['operator'],
        params: HolderIdParamsSchema,
        response: { 200: HolderViewSchema, ...errors },
      },
    },
    async (request) => holderView(ctx, request.params.holderId),
  );
  for (const action of ['suspend', 'reactivate', 'abolish'] as const) {
    app.post(
      `/v1/admin/holders/:holderId/${action}`,
      {
        schema: {
          tags: ['operator'],
          params: HolderIdParamsSchema,
          response: { 200: HolderViewSchema, ...errors },
        },
      },
      async (request) => operateHolder(ctx, request.params.holderId, action),
    );
  }
};
