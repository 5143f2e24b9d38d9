import pino from 'pino';
import type { Config } from '../config/config-schema';
import { createDeps } from '../deps';
import { startPruning } from '../domain/prune';
import { buildServer, loggerOptions } from '../server';

/** Runs the server until SIGINT/SIGTERM: CRLs refreshed and token keys rotated on their schedules. */
export async function serve(config: Config): Promise<void> {
  const logger = pino(loggerOptions(config));
  const deps = await createDeps(config, {
    onCrlFailure: (source, error) => logger.warn({ source, error: error.message }, 'CRL refresh failed'),
    onDbError: (error) =>
      logger.warn({ error: error.message }, 'database connection lost; reconnecting on next use'),
  });
  const app = await buildServer(config, deps, { logger });
  const timers = [
    setInterval(() => void deps.crls.refresh(), config.crl.refreshSeconds * 1000),
    setInterval(() => void deps.tokenKeys.reload().then(() => deps.tokenKeys.rotateIfDue()), 60_000),
  ];
  const stopPruning = startPruning(
    {
      store: deps.store,
      clock: deps.clock,
      tokenTtlSeconds: config.tokens.ttlSeconds,
      services: app.services,
    },
    (error) => logger.warn({ error: error.message }, 'pruning failed'),
  );
  const stop = async () => {
    timers.forEach(clearInterval);
    stopPruning();
    await app.close();
    await deps.store.close();
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  await app.listen({ host: config.listen.host, port: config.listen.port });
}
