import Fastify, { type FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Shelter } from '@madoguchi/protocol';
import type { ServiceName } from '../../registrations';
import { cityHallRoutes } from './city-hall-routes';
import { disasterRoutes } from './disaster-routes';
import { installErrorHandler } from './error-handler';
import { hospitalRoutes } from './hospital-routes';
import type { ServiceContext } from './service-context';
import { transportRoutes } from './transport-routes';

export interface AppOptions {
  /** The shelters 防災 offers. */
  shelters: readonly Shelter[];
  logger: boolean;
}

/** One service as its own fastify app (not yet listening): error handler, then its routes. */
export async function buildServiceApp(
  name: ServiceName,
  ctx: ServiceContext,
  options: AppOptions,
): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ? { redact: ['req.headers.authorization'] } : false,
    bodyLimit: 512 * 1024,
  }).withTypeProvider<TypeBoxTypeProvider>();
  installErrorHandler(app);
  switch (name) {
    case 'city-hall':
      await app.register(cityHallRoutes, ctx);
      break;
    case 'disaster':
      await app.register(disasterRoutes, { ...ctx, shelters: options.shelters });
      break;
    case 'hospital':
      await app.register(hospitalRoutes, ctx);
      break;
    case 'transport':
      await app.register(transportRoutes, ctx);
      break;
  }
  return app;
}
