import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ErrorBodySchema,
  MadoguchiError,
  SignatureVerdictSchema,
  SignatureVerifyRequestSchema,
} from '@madoguchi/protocol';
import { emptyDecision } from '../domain/audit';
import { verifySignedDocument } from '../domain/verify-signed-document';
import { requireService } from './service-auth';

/**
 * POST /v1/signatures/verify: a registered service has a signed application verified by the platform (chain,
 * validity and revocation at the signing time and now), as a service may delegate it to a platform operator.
 */
export const signaturesPlugin: FastifyPluginAsyncTypebox = async (app) => {
  requireService(app, 'verify-signature');
  app.post(
    '/v1/signatures/verify',
    {
      bodyLimit: 512 * 1024,
      schema: {
        tags: ['service'],
        body: SignatureVerifyRequestSchema,
        response: { 200: SignatureVerdictSchema, '4xx': ErrorBodySchema, '5xx': ErrorBodySchema },
      },
    },
    async (request) => {
      const decision = { ...emptyDecision(), serviceId: request.serviceId };
      const service = app.services.get(request.serviceId)!;
      try {
        if (!service.verifySignatures) {
          throw new MadoguchiError(
            'SERVICE_UNAUTHORIZED',
            'this service is not registered to verify signatures',
          );
        }
        const verdict = await verifySignedDocument(
          Buffer.from(request.body.cms, 'base64url'),
          service,
          app.deps.clock.now(),
          app.domain,
        );
        const refusal =
          verdict.code === null ? undefined : new MadoguchiError(verdict.code, 'signature refused');
        await app.audit('verify-signature', decision, refusal);
        return verdict;
      } catch (error) {
        await app.audit('verify-signature', decision, error);
        throw error;
      }
    },
  );
};
