import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { BusPassSchema, ErrorBodySchema, IdTokenRequestSchema, PassCheckSchema } from '@madoguchi/protocol';
import { verifyIdTokenOf } from '../../domain/authenticate-resident';
import { checkPass, issueBusPass, showBusPass } from '../../domain/transport';
import { FRESH_LOGIN } from './policies';
import { residentOf, type ServiceContext } from './service-context';

const errors = { '4xx': ErrorBodySchema, '5xx': ErrorBodySchema };

/** 交通: the senior bus pass, issued once on the date of birth, shown on the TV, checked by bus terminals. */
export const transportRoutes: FastifyPluginAsyncTypebox<ServiceContext> = async (app, ctx) => {
  app.post(
    '/tv/bus-pass',
    { schema: { body: IdTokenRequestSchema, response: { 200: BusPassSchema, ...errors } } },
    async (request) => {
      const resident = await residentOf(request, ctx, FRESH_LOGIN);
      const claims = await verifyIdTokenOf(resident, request.body.idToken, ctx.provider);
      return issueBusPass(resident, claims, ctx.store, ctx.clock());
    },
  );

  app.get('/tv/bus-pass', { schema: { response: { 200: BusPassSchema, ...errors } } }, async (request) =>
    showBusPass(await residentOf(request, ctx, FRESH_LOGIN), ctx.store),
  );

  // Terminals on the bus read the pass id from the TV's QR code; the answer carries no personal data.
  app.get(
    '/terminal/passes/:passId',
    {
      schema: {
        params: Type.Object({ passId: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' }) }),
        response: { 200: PassCheckSchema, ...errors },
      },
    },
    async (request) => checkPass(request.params.passId, ctx.store, ctx.provider, ctx.clock()),
  );
};
