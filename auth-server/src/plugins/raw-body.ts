import fp from 'fastify-plugin';
import { MadoguchiError } from '@madoguchi/protocol';

const EMPTY = Buffer.alloc(0);

declare module 'fastify' {
  interface FastifyRequest {
    /** The body exactly as received: the device signature covers its hash. */
    rawBody: Buffer;
  }
}

/** Keeps each JSON body's bytes beside the parsed value; unparsable JSON is BAD_MESSAGE. */
export const rawBodyPlugin = fp(
  async (app) => {
    // A reference value cannot be a decorator default (it would be shared): start null, set per request.
    app.decorateRequest('rawBody', null as unknown as Buffer);
    app.addHook('onRequest', async (request) => {
      request.rawBody = EMPTY;
    });
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
      request.rawBody = body as Buffer;
      try {
        done(null, JSON.parse((body as Buffer).toString('utf8')));
      } catch (cause) {
        done(new MadoguchiError('BAD_MESSAGE', 'the body is not JSON', { cause }), undefined);
      }
    });
  },
  { name: 'madoguchi-raw-body', fastify: '5.x' },
);
