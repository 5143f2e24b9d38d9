import path from 'node:path';
import { configError, HOLDER_AUDIENCE, readConfigObject, validateConfig } from '@madoguchi/protocol';
import { ConfigSchema, type Config, type ConfigFile } from './config-schema';
import { ENV_PREFIX, OVERRIDES } from './env-overrides';

/** The one union of objects in the schema: a fix cannot list its literals. */
const STORE_FIX = 'use { "kind": "sqlite", "path": FILE } or { "kind": "postgres", "url": "postgres://…" }';

/**
 * Reads the config file, applies MADOGUCHI_SERVER_* overrides, fills defaults and validates. Throws MadoguchiError
 * CONFIG_INVALID whose message names the key, the value and the fix.
 */
export function loadConfig(file: string, env: NodeJS.ProcessEnv = process.env): Config {
  return parseConfig(readConfigObject(file), env, path.dirname(path.resolve(file)));
}

/** Validates an in-memory config (the file's contents); relative paths are resolved against `baseDir`. */
export function parseConfig(
  json: Record<string, unknown>,
  env: NodeJS.ProcessEnv = {},
  baseDir = process.cwd(),
): Config {
  const { config } = validateConfig(ConfigSchema, json, env, {
    prefix: ENV_PREFIX,
    overrides: OVERRIDES,
    unionFix: STORE_FIX,
  });
  checkServices(config.services);
  return resolvePaths(config, baseDir);
}

/** What the schema cannot say: ids are unique, and `holder` is the built-in audience of the holder's own view. */
function checkServices(services: ConfigFile['services']): void {
  const seen = new Set<string>();
  services.forEach((s, i) => {
    if (s.id === HOLDER_AUDIENCE) {
      throw configError(
        `services.${i}.id`,
        s.id,
        "is reserved for the holder's own view",
        'choose another id',
      );
    }
    if (seen.has(s.id)) throw configError(`services.${i}.id`, s.id, 'is registered twice', 'keep one entry');
    seen.add(s.id);
  });
}

/** File paths in the config are relative to the config file, so that a config directory can be moved whole. */
function resolvePaths(config: ConfigFile, baseDir: string): Config {
  const abs = (p: string) => (/^https?:\/\//.test(p) ? p : path.resolve(baseDir, p));
  const trust = (t: Config['trust']['auth']) => ({
    ...(t.dir ? { dir: abs(t.dir) } : {}),
    anchors: t.anchors.map(abs),
    links: t.links.map(abs),
    crls: t.crls.map(abs),
  });
  const stateDir = abs(config.stateDir);
  return {
    ...config,
    stateDir,
    store:
      config.store?.kind === 'postgres'
        ? config.store
        : {
            kind: 'sqlite',
            path: config.store ? abs(config.store.path) : path.join(stateDir, 'madoguchi.db'),
          },
    trust: { auth: trust(config.trust.auth), sign: trust(config.trust.sign) },
  };
}
