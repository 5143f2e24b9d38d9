import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ApplicationReceiptSchema, ApplicationRequestSchema, ErrorBodySchema } from '@madoguchi/protocol';
import { allApplications, applicationsOf, receiveApplication } from '../../domain/city-hall';
import { FRESH_LOGIN } from './policies';
import { residentOf, type ServiceContext } from './service-context';
import { requireStaff } from './staff-auth';

const errors = { '4xx': ErrorBodySchema, '5xx': ErrorBodySchema };

/** 行政: 住民票の写し by a signed application (CMS made with the card's signature key). */
export const cityHallRoutes: FastifyPluginAsyncTypebox<ServiceContext> = async (app, ctx) => {
  app.post(
    '/tv/applications',
    { schema: { body: ApplicationRequestSchema, response: { 201: ApplicationReceiptSchema, ...errors } } },
    async (request, reply) => {
      const resident = await residentOf(request, ctx, FRESH_LOGIN);
      const receipt = await receiveApplication(
        resident,
        request.body.cms,
        ctx.provider,
        ctx.store,
        ctx.clock(),
      );
      return reply.status(201).send(receipt);
    },
  );

  app.get(
    '/tv/applications',
    {
      schema: {
        response: { 200: Type.Object({ applications: Type.Array(ApplicationReceiptSchema) }), ...errors },
      },
    },
    async (request) => {
      const resident = await residentOf(request, ctx, FRESH_LOGIN);
      return { applications: applicationsOf(ctx.store, resident.sub) };
    },
  );

  await app.register(async (staff) => {
    requireStaff(staff, ctx.staffToken);
    staff.get('/staff/applications', async () => ({ applications: allApplications(ctx.store) }));
  });
};
