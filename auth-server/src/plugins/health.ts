import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorBodySchema, MadoguchiError } from '@madoguchi/protocol';
import { Type } from '@sinclair/typebox';

const Ok = Type.Object({ status: Type.Literal('ok') });

/** /healthz: the process answers. /readyz: the database answers and every CRL source has loaded at least once. */
export const healthPlugin: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/healthz', { schema: { tags: ['operations'], response: { 200: Ok } } }, async () => ({
    status: 'ok' as const,
  }));
  app.get(
    '/readyz',
    { schema: { tags: ['operations'], response: { 200: Ok, '5xx': ErrorBodySchema } } },
    async () => {
      try {
        await app.deps.store.ping();
      } catch (cause) {
        throw new MadoguchiError('SERVER_UNREACHABLE', 'the database does not answer', { cause });
      }
      if (app.deps.crls.status().some((s) => s.thisUpdate === null)) {
        throw new MadoguchiError('CRL_STALE', 'a CRL source has never loaded');
      }
      return { status: 'ok' as const };
    },
  );
};
