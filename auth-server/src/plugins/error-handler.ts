import fp from 'fastify-plugin';
import type { FastifyError, FastifyReply } from 'fastify';
import { HTTP_STATUS, isMadoguchiError, MadoguchiError } from '@madoguchi/protocol';

/** Any error → a coded MadoguchiError: ours as they are, fastify's request errors by status, the rest INTERNAL. */
export function toMadoguchiError(error: unknown): MadoguchiError {
  if (isMadoguchiError(error)) return error;
  const e = error as Partial<FastifyError>;
  if (e.validation !== undefined) return new MadoguchiError('BAD_MESSAGE', `invalid request: ${e.message}`);
  if (e.statusCode === 404) return new MadoguchiError('NOT_FOUND', 'no such resource');
  if (e.statusCode === 429) return new MadoguchiError('BUSY', 'too many requests; try again shortly');
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    return new MadoguchiError('BAD_MESSAGE', e.message ?? 'bad request');
  }
  return new MadoguchiError('INTERNAL', 'internal error', { cause: error });
}

/**
 * For fastify's `frameworkErrors`: what the router refuses before any route runs (a malformed URL, a path parameter
 * over maxParamLength) answered like every other refusal, not with fastify's own body and code.
 */
export function frameworkErrors(error: FastifyError, _request: unknown, reply: FastifyReply): void {
  const coded = toMadoguchiError(error);
  void reply.status(HTTP_STATUS[coded.code]).send(coded.toBody());
}

/** One error handler for the whole server: `{code, message}` with the code's HTTP status, never a stack trace. */
export const errorHandlerPlugin = fp(
  async (app) => {
    app.setErrorHandler((error, request, reply) => {
      const coded = toMadoguchiError(error);
      if (coded.code === 'INTERNAL') request.log.error({ err: error }, 'unhandled error');
      else request.log.info({ code: coded.code }, 'refused');
      return reply.status(HTTP_STATUS[coded.code]).send(coded.toBody());
    });
    app.setNotFoundHandler((request, reply) => {
      const coded = new MadoguchiError(
        'NOT_FOUND',
        `no route ${request.method} ${request.url.split('?')[0]}`,
      );
      return reply.status(HTTP_STATUS.NOT_FOUND).send(coded.toBody());
    });
  },
  { name: 'madoguchi-error-handler', fastify: '5.x' },
);
