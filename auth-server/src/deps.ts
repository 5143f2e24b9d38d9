import type { Config } from './config/config-schema';
import { ensureStateDir } from './config/state-dir';
import { systemClock, type Clock } from './domain/clock';
import { createMetrics } from './metrics';
import type { ServerDeps } from './plugins/services';
import { openStore } from './store/open-store';
import { TokenKeys } from './tokens/token-keys';
import { CrlRegistry, fetchCrlBytes, type CrlFetcher } from './trust/crl-registry';
import { loadTrust } from './trust/load-trust';
import { CertificateCache } from './verify/parse-certificate';

export interface DepsOptions {
  clock?: Clock;
  fetcher?: CrlFetcher;
  /** Where refresh failures are reported (the server's logger once it exists). */
  onCrlFailure?: (source: string, error: Error) => void;
  /** Where a database connection lost while idle is reported (PostgreSQL restarted). */
  onDbError?: (error: Error) => void;
}

/** Opens everything the config names: state directory, store, token keys, trust anchors, and the first CRL load. */
export async function createDeps(config: Config, options: DepsOptions = {}): Promise<ServerDeps> {
  const clock = options.clock ?? systemClock;
  const secrets = ensureStateDir(config.stateDir);
  const trust = loadTrust(config.trust);
  const metrics = createMetrics();
  const crls = new CrlRegistry(trust.crlSources, trust.anchors, clock, options.fetcher ?? fetchCrlBytes, {
    onRefreshFailure: (source, error) => {
      metrics.crlRefreshFailures.inc({ kind: source.kind });
      options.onCrlFailure?.(source.source, error);
    },
  });
  metrics.setCrlAges(() => crls.ages());
  const store = await openStore(config.store, options.onDbError);
  const tokenKeys = await TokenKeys.open(secrets.tokenKeyDir, clock, {
    rotationMs: config.tokens.keyRotationSeconds * 1000,
    tokenTtlMs: config.tokens.ttlSeconds * 1000,
  });
  await crls.refresh();
  return {
    store,
    clock,
    secrets,
    tokenKeys,
    trust: trust.anchors,
    crls,
    certificates: new CertificateCache(),
    metrics,
  };
}
