import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { DestinationStream, LoggerOptions } from 'pino';
import rateLimit from '@fastify/rate-limit';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { DEVICE_HEADER } from '@madoguchi/protocol';
import type { Config } from './config/config-schema';
import { assertionsPlugin } from './plugins/assertions';
import { challengesPlugin } from './plugins/challenges';
import { errorHandlerPlugin, frameworkErrors } from './plugins/error-handler';
import { healthPlugin } from './plugins/health';
import { holderViewPlugin } from './plugins/holder-view';
import { linksPlugin, serviceInfoPlugin } from './plugins/links';
import { metricsPlugin } from './plugins/metrics-route';
import { oidcPlugin } from './plugins/oidc';
import { openapiPlugin } from './plugins/openapi';
import { operatorPlugin } from './plugins/operator';
import { rawBodyPlugin } from './plugins/raw-body';
import { serviceApiPlugin } from './plugins/service-api';
import { servicesPlugin, type ServerDeps } from './plugins/services';
import { signaturesPlugin } from './plugins/signatures';
import { validatorCompiler } from './plugins/validator';

export interface BuildOptions {
  /** The logger to use (serve makes one first, to log the first CRL load); default: one from loggerOptions. */
  logger?: FastifyBaseLogger;
  /** Where the default logger writes (default stdout); `false` for no logging. */
  logStream?: DestinationStream | false;
}

/** pino options for the server: the config's level, and credentials redacted. */
export function loggerOptions(
  config: Config,
  stream?: DestinationStream,
): LoggerOptions & { stream?: DestinationStream } {
  return {
    level: config.logLevel,
    // Device signatures and operator tokens are credentials: never in the logs.
    redact: ['req.headers.authorization', `req.headers["${DEVICE_HEADER.SIGNATURE}"]`],
    ...(stream ? { stream } : {}),
  };
}

/**
 * The auth-server as a fastify instance (not yet listening): shared services as root decorators, then one
 * encapsulated plugin per feature. Tests build one per case and use inject().
 */
export async function buildServer(
  config: Config,
  deps: ServerDeps,
  options: BuildOptions = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    ...(options.logger
      ? { loggerInstance: options.logger }
      : { logger: options.logStream === false ? false : loggerOptions(config, options.logStream) }),
    bodyLimit: 64 * 1024,
    frameworkErrors,
    // Fastify's own ajv is not used: TypeBox compiles the protocol schemas.
    schemaErrorFormatter: (errors) => new Error(errors.map((e) => e.message).join('; ')),
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);

  await app.register(errorHandlerPlugin);
  await app.register(rawBodyPlugin);
  await app.register(servicesPlugin, { config, deps });
  await app.register(openapiPlugin);
  await app.register(rateLimit, {
    max: config.rateLimit.max,
    timeWindow: config.rateLimit.windowSeconds * 1000,
    // One box behind a carrier NAT must not starve its neighbours: count per device when there is one.
    keyGenerator: (request) => {
      const device = request.headers[DEVICE_HEADER.DEVICE];
      return typeof device === 'string' ? `device:${device}` : `ip:${request.ip}`;
    },
  });

  await app.register(healthPlugin);
  await app.register(metricsPlugin);
  await app.register(oidcPlugin);
  await app.register(challengesPlugin);
  await app.register(assertionsPlugin);
  await app.register(serviceInfoPlugin);
  await app.register(linksPlugin);
  await app.register(holderViewPlugin);
  await app.register(serviceApiPlugin);
  await app.register(signaturesPlugin);
  await app.register(operatorPlugin);
  return app;
}
