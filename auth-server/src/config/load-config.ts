import path from 'node:path';
import {
  configError,
  configKeyOf as keyOf,
  HOLDER_AUDIENCE,
  readConfigObject,
  schemaFix,
} from '@madoguchi/protocol';
import { Value } from '@sinclair/typebox/value';
import { ConfigSchema, type Config, type ConfigFile } from './config-schema';
import { applyServerEnv } from './env-overrides';

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
  const { config, sources } = applyServerEnv(json, env);
  const withDefaults = Value.Default(ConfigSchema, config);
  const problem = Value.Errors(ConfigSchema, withDefaults).First();
  if (problem !== undefined) {
    const key = keyOf(problem);
    const from = sources.get(key);
    throw configError(
      from ? `${key} (from ${from})` : key,
      problem.value,
      problem.message.toLowerCase(),
      schemaFix(problem, STORE_FIX),
    );
  }
  checkServices((withDefaults as ConfigFile).services);
  return resolvePaths(withDefaults as ConfigFile, baseDir);
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
