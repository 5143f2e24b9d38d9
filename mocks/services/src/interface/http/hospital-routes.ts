import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  CheckInResponseSchema,
  ErrorBodySchema,
  IdTokenRequestSchema,
  PatientLinkResponseSchema,
} from '@madoguchi/protocol';
import { verifyIdTokenOf } from '../../domain/authenticate-resident';
import { checkIn, linkPatient, patientRecords } from '../../domain/hospital';
import { FRESH_LOGIN } from './policies';
import { residentOf, type ServiceContext } from './service-context';
import { requireStaff } from './staff-auth';

const errors = { '4xx': ErrorBodySchema, '5xx': ErrorBodySchema };

/** 病院: the first visit links the card to the patient record; later visits check in for a queue number. */
export const hospitalRoutes: FastifyPluginAsyncTypebox<ServiceContext> = async (app, ctx) => {
  app.post(
    '/tv/patient-links',
    { schema: { body: IdTokenRequestSchema, response: { 200: PatientLinkResponseSchema, ...errors } } },
    async (request) => {
      const resident = await residentOf(request, ctx, FRESH_LOGIN);
      const claims = await verifyIdTokenOf(resident, request.body.idToken, ctx.provider);
      return linkPatient(resident, claims, ctx.store);
    },
  );

  app.post(
    '/tv/check-ins',
    { schema: { response: { 200: CheckInResponseSchema, ...errors } } },
    async (request) => {
      const resident = await residentOf(request, ctx, FRESH_LOGIN);
      return checkIn(resident, ctx.store, ctx.clock());
    },
  );

  await app.register(async (staff) => {
    requireStaff(staff, ctx.staffToken);
    staff.get('/staff/patients', async () => ({ patients: patientRecords(ctx.store) }));
  });
};
