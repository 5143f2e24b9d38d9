import path from 'node:path';
import {
  configError,
  envVarName,
  readConfigObject,
  validateConfig,
  type EnvOverride,
} from '@madoguchi/protocol';
import { isLoopbackAddress } from '../transport/loopback';
import { BridgeConfigSchema, type BridgeConfig, type CardSource } from './config-schema';

/**
 * Environment overrides, one per scalar key: MADOGUCHI_BRIDGE_ + the key in UPPER_SNAKE case (serverUrl →
 * MADOGUCHI_BRIDGE_SERVER_URL, timeouts.serverMs → MADOGUCHI_BRIDGE_TIMEOUTS_SERVER_MS). allowedOrigins takes a
 * comma-separated list.
 */
export const ENV_PREFIX = 'MADOGUCHI_BRIDGE_';
const OVERRIDES: EnvOverride[] = [
  { key: 'port', kind: 'integer' },
  { key: 'allowedOrigins', kind: 'list' },
  { key: 'serverUrl' },
  { key: 'serverCaFile' },
  { key: 'stateDir' },
  { key: 'readerName' },
  { key: 'card' },
  { key: 'timeouts.serverMs', kind: 'integer' },
  { key: 'timeouts.pinEntrySeconds', kind: 'integer' },
  { key: 'timeouts.pcscRestartMs', kind: 'integer' },
  { key: 'timeouts.stopMs', kind: 'integer' },
  { key: 'logLevel' },
];

export const ENV_NAMES: readonly string[] = OVERRIDES.map((o) => envVarName(ENV_PREFIX, o.key));

/** The loaded config with paths made absolute (relative to the config file) and the card source parsed. */
export interface LoadedConfig extends BridgeConfig {
  cardSource: CardSource;
}

/** Reads the config file, applies MADOGUCHI_BRIDGE_* overrides, fills defaults and validates. */
export function loadConfig(file: string, env: NodeJS.ProcessEnv = process.env): LoadedConfig {
  return parseConfig(readConfigObject(file), env, path.dirname(path.resolve(file)));
}

/** Validates an in-memory config; relative paths are resolved against `baseDir`. */
export function parseConfig(
  json: Record<string, unknown>,
  env: NodeJS.ProcessEnv = {},
  baseDir = process.cwd(),
): LoadedConfig {
  const { config: checked, sources } = validateConfig(BridgeConfigSchema, json, env, {
    prefix: ENV_PREFIX,
    overrides: OVERRIDES,
  });
  checkServerUrl(checked.serverUrl, sources.get('serverUrl'));
  const abs = (p: string) => path.resolve(baseDir, p);
  return {
    ...checked,
    stateDir: abs(checked.stateDir),
    ...(checked.serverCaFile ? { serverCaFile: abs(checked.serverCaFile) } : {}),
    cardSource:
      checked.card === 'pcsc'
        ? { kind: 'pcsc' }
        : { kind: 'virtual', profile: abs(checked.card.slice('virtual:'.length)) },
  };
}

/** The device-signed requests and the tokens that come back must not cross a network in clear text. */
function checkServerUrl(url: string, from: string | undefined): void {
  const key = from ? `serverUrl (from ${from})` : 'serverUrl';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw configError(key, url, 'is not a URL', 'use https://HOST[:PORT]');
  }
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  if (parsed.protocol === 'http:' && !isLoopbackAddress(host) && host !== 'localhost') {
    throw configError(
      key,
      url,
      'plain http would send tokens in clear text',
      'use https:// (http only to 127.0.0.1 for development)',
    );
  }
}
