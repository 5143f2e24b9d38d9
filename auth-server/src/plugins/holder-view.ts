import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  AssertionResponseSchema,
  ErrorBodySchema,
  HolderLinksResponseSchema,
  MadoguchiError,
  ReuseRequestSchema,
  ServiceIdParamsSchema,
} from '@madoguchi/protocol';
import { Type } from '@sinclair/typebox';
import { emptyDecision } from '../domain/audit';
import { authenticateHolder } from '../domain/authenticate-holder';
import { holderLinks } from '../domain/link-status';
import { reuseLogin } from '../domain/reuse-login';
import { requireDevice } from './device-auth';

const errors = { '4xx': ErrorBodySchema, '5xx': ErrorBodySchema };

/**
 * The holder's own view, called by the bridge on the holder's behalf: the device signature (the box) plus the
 * access token of a PIN login to the `holder` audience on that box (the person). A token rather than a fresh
 * signature per call, so that looking at the list and then removing a link costs one PIN entry, not two; the token
 * is short-lived, bound to the box, and ended with every other on a suspension. No service can call these.
 */
export const holderViewPlugin: FastifyPluginAsyncTypebox = async (app) => {
  requireDevice(app);
  const { domain, deps } = app;
  const holderOf = (authorization: string | undefined, deviceId: string) =>
    authenticateHolder(authorization, deviceId, deps.clock.now(), domain);

  app.get(
    '/v1/holder/links',
    { schema: { tags: ['holder'], response: { 200: HolderLinksResponseSchema, ...errors } } },
    async (request) => {
      const holderId = await holderOf(request.headers.authorization, request.deviceId);
      return { links: await holderLinks(deps.store, domain.crls, app.services, holderId) };
    },
  );

  app.delete(
    '/v1/holder/links/:serviceId',
    {
      schema: { tags: ['holder'], params: ServiceIdParamsSchema, response: { 204: Type.Null(), ...errors } },
    },
    async (request, reply) => {
      const decision = {
        ...emptyDecision(),
        deviceId: request.deviceId,
        serviceId: request.params.serviceId,
      };
      try {
        const holderId = await holderOf(request.headers.authorization, request.deviceId);
        if (!(await deps.store.removeLink(holderId, request.params.serviceId, deps.clock.now()))) {
          throw new MadoguchiError('NOT_FOUND', 'this card is not linked to that service');
        }
        await app.audit('unlink', decision);
        return reply.status(204).send(null);
      } catch (error) {
        await app.audit('unlink', decision, error);
        throw error;
      }
    },
  );

  app.post(
    '/v1/logins/reuse',
    {
      schema: {
        tags: ['bridge'],
        body: ReuseRequestSchema,
        response: { 200: AssertionResponseSchema, ...errors },
      },
    },
    async (request) => {
      const decision = { ...emptyDecision(), deviceId: request.deviceId, serviceId: request.body.serviceId };
      try {
        const { tokens } = await reuseLogin(request.body, request.deviceId, deps.clock.now(), domain);
        await app.audit('reuse', decision);
        return { tokens };
      } catch (error) {
        await app.audit('reuse', decision, error);
        throw error;
      }
    },
  );
};
