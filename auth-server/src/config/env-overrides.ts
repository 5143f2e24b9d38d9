import { setConfigPath as setPath } from '@madoguchi/protocol';
/**
 * Environment overrides, one per scalar key: MADOGUCHI_SERVER_ + the key path in UPPER_SNAKE case
 * (listen.port → MADOGUCHI_SERVER_LISTEN_PORT). The store is chosen by its one setting: a path means SQLite, a URL
 * means PostgreSQL.
 */
export const ENV_PREFIX = 'MADOGUCHI_SERVER_';

type Json = Record<string, unknown>;

interface Override {
  key: string;
  integer?: boolean;
  apply?: (config: Json, value: string) => void;
}

const OVERRIDES: Override[] = [
  { key: 'listen.host' },
  { key: 'listen.port', integer: true },
  { key: 'issuer' },
  { key: 'stateDir' },
  { key: 'store.path', apply: (c, path) => (c.store = { kind: 'sqlite', path }) },
  { key: 'store.url', apply: (c, url) => (c.store = { kind: 'postgres', url }) },
  { key: 'trust.auth.dir' },
  { key: 'trust.sign.dir' },
  { key: 'crl.refreshSeconds', integer: true },
  { key: 'crl.graceSeconds', integer: true },
  { key: 'challenge.ttlSeconds', integer: true },
  { key: 'device.maxSkewSeconds', integer: true },
  { key: 'tokens.ttlSeconds', integer: true },
  { key: 'tokens.keyRotationSeconds', integer: true },
  { key: 'rateLimit.max', integer: true },
  { key: 'rateLimit.windowSeconds', integer: true },
  { key: 'logLevel' },
];

export const envName = (key: string): string =>
  ENV_PREFIX +
  key
    .replace(/\./g, '_')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toUpperCase();

export const ENV_NAMES: readonly string[] = OVERRIDES.map((o) => envName(o.key));

/**
 * Applies the overrides present in `env` to a copy of `config`; returns it with the config keys each env var set,
 * so that an error can say where a bad value came from. A non-numeric integer stays a string for the schema to refuse.
 */
export function applyEnvOverrides(
  config: Json,
  env: NodeJS.ProcessEnv,
): { config: Json; sources: Map<string, string> } {
  const out = structuredClone(config);
  const sources = new Map<string, string>();
  for (const o of OVERRIDES) {
    const name = envName(o.key);
    const raw = env[name];
    if (raw === undefined) continue;
    const value = o.integer && /^-?[0-9]+$/.test(raw) ? Number(raw) : raw;
    if (o.apply) o.apply(out, raw);
    else setPath(out, o.key.split('.'), value);
    sources.set(o.key, name);
  }
  return { config: out, sources };
}
