import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

/** GET /metrics in the Prometheus text format. */
export const metricsPlugin: FastifyPluginAsyncTypebox = async (app) => {
  const { registry } = app.deps.metrics;
  app.get('/metrics', { schema: { tags: ['operations'] } }, async (_request, reply) => {
    reply.header('content-type', registry.contentType);
    return registry.metrics();
  });
};
