import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HOLDER_AUDIENCE, MadoguchiError, type AuditAction } from '@madoguchi/protocol';
import { emptyDecision } from '../domain/audit';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated service; empty until the service hook has run. */
    serviceId: string;
  }
}

/** What the store keeps of a service's client secret: its SHA-256 (the secret is 32 random bytes). */
export const hashServiceSecret = (secret: string): string =>
  createHash('sha256').update(secret).digest('base64url');

/** HTTP Basic (client_secret_basic): the service id and its secret, or undefined when the header is not that. */
function basicCredentials(request: FastifyRequest): { id: string; secret: string } | undefined {
  const match = /^Basic ([A-Za-z0-9+/=]+)$/.exec(request.headers.authorization ?? '');
  if (!match) return undefined;
  const text = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = text.indexOf(':');
  if (colon < 1) return undefined;
  // RFC 6749 §2.3.1: both parts are form-urlencoded before they are joined.
  return { id: decodeURIComponent(text.slice(0, colon)), secret: decodeURIComponent(text.slice(colon + 1)) };
}

/**
 * Adds service authentication to the routes of the calling (encapsulated) plugin: a registered service and its
 * current secret (issued by the operator CLI), compared by digest. A refusal is SERVICE_UNAUTHORIZED and audited.
 */
export function requireService(app: FastifyInstance, action: AuditAction): void {
  if (!app.hasRequestDecorator('serviceId')) app.decorateRequest('serviceId', '');
  app.addHook('onRequest', async (request) => {
    const credentials = basicCredentials(request);
    const known = credentials && credentials.id !== HOLDER_AUDIENCE && app.services.has(credentials.id);
    const stored = known ? await app.deps.store.getServiceSecret(credentials.id) : undefined;
    const given = Buffer.from(hashServiceSecret(credentials?.secret ?? ''));
    if (
      stored === undefined ||
      given.length !== stored.length ||
      !timingSafeEqual(given, Buffer.from(stored))
    ) {
      const serviceId = known ? credentials.id : null;
      const error = new MadoguchiError('SERVICE_UNAUTHORIZED', 'service credentials missing or wrong');
      await app.audit(action, { ...emptyDecision(), serviceId }, error);
      throw error;
    }
    request.serviceId = credentials!.id;
  });
}
