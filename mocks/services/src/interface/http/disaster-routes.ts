import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ErrorBodySchema,
  SafetyListSchema,
  SafetyReportRequestSchema,
  SafetyReportSchema,
  SheltersResponseSchema,
  type Shelter,
} from '@madoguchi/protocol';
import { reportSafety, safetyList } from '../../domain/disaster';
import { RECENT_LOGIN } from './policies';
import { residentOf, type ServiceContext } from './service-context';
import { requireStaff } from './staff-auth';

const errors = { '4xx': ErrorBodySchema, '5xx': ErrorBodySchema };

/** 防災: 「無事です」/「助けが必要です」 with where, on a recent login; the city's list of latest reports. */
export const disasterRoutes: FastifyPluginAsyncTypebox<
  ServiceContext & { shelters: readonly Shelter[] }
> = async (app, ctx) => {
  app.get(
    '/tv/shelters',
    { schema: { response: { 200: SheltersResponseSchema, ...errors } } },
    async (request) => {
      await residentOf(request, ctx, RECENT_LOGIN);
      return { shelters: [...ctx.shelters] };
    },
  );

  app.post(
    '/tv/safety-reports',
    { schema: { body: SafetyReportRequestSchema, response: { 201: SafetyReportSchema, ...errors } } },
    async (request, reply) => {
      const resident = await residentOf(request, ctx, RECENT_LOGIN);
      return reply
        .status(201)
        .send(reportSafety(resident, request.body, ctx.shelters, ctx.store, ctx.clock()));
    },
  );

  await app.register(async (staff) => {
    requireStaff(staff, ctx.staffToken);
    staff.get('/staff/safety-reports', { schema: { response: { 200: SafetyListSchema } } }, async () => ({
      reports: safetyList(ctx.store),
    }));
  });
};
