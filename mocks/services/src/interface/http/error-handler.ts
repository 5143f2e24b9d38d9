import type { FastifyError, FastifyInstance } from 'fastify';
import { HTTP_STATUS, isMadoguchiError, MadoguchiError } from '@madoguchi/protocol';

/** Any error → a coded MadoguchiError: ours as they are, fastify's request errors by status, the rest INTERNAL. */
function toMadoguchiError(error: unknown): MadoguchiError {
  if (isMadoguchiError(error)) return error;
  const e = error as Partial<FastifyError>;
  if (e.validation !== undefined) return new MadoguchiError('BAD_MESSAGE', `invalid request: ${e.message}`);
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    return new MadoguchiError('BAD_MESSAGE', e.message ?? 'bad request');
  }
  return new MadoguchiError('INTERNAL', 'internal error', { cause: error });
}

/** One handler per service app: `{code, message}` with the code's HTTP status, never a stack trace. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const coded = toMadoguchiError(error);
    if (coded.code === 'INTERNAL') request.log.error({ err: error }, 'unhandled error');
    return reply.status(HTTP_STATUS[coded.code]).send(coded.toBody());
  });
  app.setNotFoundHandler((request, reply) =>
    reply
      .status(HTTP_STATUS.NOT_FOUND)
      .send(
        new MadoguchiError('NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}`).toBody(),
      ),
  );
}
