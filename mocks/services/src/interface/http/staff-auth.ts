import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { MadoguchiError } from '@madoguchi/protocol';

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Guards the routes of the calling (encapsulated) plugin: the city's staff token, compared by digest. */
export function requireStaff(app: FastifyInstance, staffToken: string): void {
  const expected = digest(`Bearer ${staffToken}`);
  app.addHook('onRequest', async (request) => {
    if (!timingSafeEqual(digest(request.headers.authorization ?? ''), expected)) {
      throw new MadoguchiError('OPERATOR_UNAUTHORIZED', 'staff token missing or wrong');
    }
  });
}
