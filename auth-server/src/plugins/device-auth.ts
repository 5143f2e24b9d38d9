import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DEVICE_HEADER } from '@madoguchi/protocol';
import { emptyDecision } from '../domain/audit';
import { authenticateDevice } from '../domain/authenticate-device';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated device; empty until the device hook has run. */
    deviceId: string;
  }
}

const header = (request: FastifyRequest, name: string): string | undefined => {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
};

/**
 * Adds the device request-signature check to the routes of the calling (encapsulated) plugin. It runs before body
 * validation, so an unauthenticated caller learns nothing about message shapes; a refusal is audited.
 */
export function requireDevice(app: FastifyInstance): void {
  if (!app.hasRequestDecorator('deviceId')) app.decorateRequest('deviceId', '');
  app.addHook('preValidation', async (request) => {
    const claimed = header(request, DEVICE_HEADER.DEVICE);
    try {
      request.deviceId = await authenticateDevice(
        app.deps.store,
        {
          method: request.method,
          path: request.url,
          deviceId: claimed,
          timestamp: header(request, DEVICE_HEADER.TIMESTAMP),
          signature: header(request, DEVICE_HEADER.SIGNATURE),
          body: request.rawBody,
        },
        app.deps.clock.now(),
        app.settings.device.maxSkewSeconds,
      );
    } catch (error) {
      const deviceId = claimed !== undefined && claimed.length <= 64 ? claimed : null;
      await app.audit('device', { ...emptyDecision(), deviceId }, error);
      throw error;
    }
  });
}
