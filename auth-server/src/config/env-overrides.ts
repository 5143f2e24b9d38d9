import { envVarName, type EnvOverride } from '@madoguchi/protocol';
/**
 * Environment overrides, one per scalar key: MADOGUCHI_SERVER_ + the key path in UPPER_SNAKE case
 * (listen.port → MADOGUCHI_SERVER_LISTEN_PORT). The store is chosen by its one setting: a path means SQLite, a URL
 * means PostgreSQL.
 */
export const ENV_PREFIX = 'MADOGUCHI_SERVER_';

export const OVERRIDES: readonly EnvOverride[] = [
  { key: 'listen.host' },
  { key: 'listen.port', kind: 'integer' },
  { key: 'issuer' },
  { key: 'stateDir' },
  { key: 'store.path', apply: (c, path) => (c.store = { kind: 'sqlite', path }) },
  { key: 'store.url', apply: (c, url) => (c.store = { kind: 'postgres', url }) },
  { key: 'trust.auth.dir' },
  { key: 'trust.sign.dir' },
  { key: 'crl.refreshSeconds', kind: 'integer' },
  { key: 'crl.graceSeconds', kind: 'integer' },
  { key: 'challenge.ttlSeconds', kind: 'integer' },
  { key: 'device.maxSkewSeconds', kind: 'integer' },
  { key: 'tokens.ttlSeconds', kind: 'integer' },
  { key: 'tokens.keyRotationSeconds', kind: 'integer' },
  { key: 'rateLimit.max', kind: 'integer' },
  { key: 'rateLimit.windowSeconds', kind: 'integer' },
  { key: 'logLevel' },
];

export const ENV_NAMES: readonly string[] = OVERRIDES.map((o) => envVarName(ENV_PREFIX, o.key));
