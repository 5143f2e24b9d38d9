import { readFileSync } from 'node:fs';
import type { Static, TSchema } from '@sinclair/typebox';
import { Value, type ValueError } from '@sinclair/typebox/value';
import { MadoguchiError } from './errors';

/**
 * What every Madoguchi component does with its one config file before validating it against its own schema: read
 * it, parse it as one JSON object, and word every failure the same way — the key, the value given and the fix.
 */

/** CONFIG_INVALID naming the key, the value that was given (or that it is missing) and the fix. */
export function configError(key: string, value: unknown, problem: string, fix: string): MadoguchiError {
  const shown = value === undefined ? '(missing)' : JSON.stringify(value);
  return new MadoguchiError('CONFIG_INVALID', `config ${key} = ${shown}: ${problem}; fix: ${fix}`);
}

/** Reads `file` as one JSON object; every failure is a configError on the key `file`. */
export function readConfigObject(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw configError('file', file, 'cannot be read', 'pass an existing JSON file with --config FILE');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw configError('file', file, `is not JSON (${(cause as Error).message})`, 'write the file as JSON');
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw configError('file', file, 'is not a JSON object', 'write the settings as one JSON object');
  }
  return json as Record<string, unknown>;
}

/** Sets `value` at a dotted config key inside `target`, creating the objects on the way (env overrides use it). */
export function setConfigPath(target: Record<string, unknown>, keys: string[], value: unknown): void {
  const [head, ...rest] = keys;
  if (head === undefined) return;
  if (rest.length === 0) {
    target[head] = value;
    return;
  }
  const next = target[head];
  const child = typeof next === 'object' && next !== null ? (next as Record<string, unknown>) : {};
  target[head] = child;
  setConfigPath(child, rest, value);
}

/** One environment override of a scalar config key. */
export interface EnvOverride {
  /** The dotted config key (`listen.port`). */
  key: string;
  /** `integer`: digits become a number (anything else stays text, for the schema to refuse); `list`: comma-separated. */
  kind?: 'integer' | 'list';
  /** Sets something other than the key itself from the text (the server's store: a path means SQLite, a URL PostgreSQL). */
  apply?: (config: Record<string, unknown>, value: string) => void;
}

/** `prefix` + the key in UPPER_SNAKE case: (`MADOGUCHI_SERVER_`, `listen.port`) → MADOGUCHI_SERVER_LISTEN_PORT. */
export const envVarName = (prefix: string, key: string): string =>
  prefix +
  key
    .replace(/\./g, '_')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toUpperCase();

/**
 * Applies the overrides present in `env` to a copy of `config`; returns it with the variable that set each key, so
 * that a config error can say where a bad value came from.
 */
export function applyEnvOverrides(
  config: Record<string, unknown>,
  env: NodeJS.ProcessEnv,
  prefix: string,
  overrides: readonly EnvOverride[],
): { config: Record<string, unknown>; sources: Map<string, string> } {
  const out = structuredClone(config);
  const sources = new Map<string, string>();
  for (const o of overrides) {
    const name = envVarName(prefix, o.key);
    const raw = env[name];
    if (raw === undefined) continue;
    if (o.apply) o.apply(out, raw);
    else setConfigPath(out, o.key.split('.'), envValue(o.kind, raw));
    sources.set(o.key, name);
  }
  return { config: out, sources };
}

function envValue(kind: EnvOverride['kind'], raw: string): unknown {
  if (kind === 'integer') return /^-?[0-9]+$/.test(raw) ? Number(raw) : raw;
  if (kind === 'list')
    return raw
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  return raw;
}

/**
 * The config file's object with the `prefix` overrides from `env` applied and the schema's defaults filled in, then
 * validated: the first problem is CONFIG_INVALID naming the key (and the variable that set it, or set its parent
 * list or object), the value and the fix. Returns the config and where each overridden key came from.
 */
export function validateConfig<T extends TSchema>(
  schema: T,
  json: Record<string, unknown>,
  env: NodeJS.ProcessEnv,
  options: { prefix: string; overrides: readonly EnvOverride[]; unionFix?: string },
): { config: Static<T>; sources: Map<string, string> } {
  const { config, sources } = applyEnvOverrides(json, env, options.prefix, options.overrides);
  const withDefaults = Value.Default(schema, config);
  const problem = Value.Errors(schema, withDefaults).First();
  if (problem !== undefined) {
    const key = configKeyOf(problem);
    const from = sources.get(key) ?? sources.get(key.split('.')[0] ?? '');
    throw configError(
      from ? `${key} (from ${from})` : key,
      problem.value,
      problem.message.toLowerCase(),
      schemaFix(problem, options.unionFix),
    );
  }
  return { config: withDefaults as Static<T>, sources };
}

/** The dotted config key of a schema error's JSON pointer (`/store/path` → `store.path`). */
export const configKeyOf = (e: { path: string }): string =>
  e.path.replace(/^\//, '').replace(/\//g, '.') || '(top level)';

/**
 * A one-line fix from what the schema expects where validation failed: add a missing key, drop an unknown one, pick
 * one of a union's literals, or meet the type's bounds. `unionFix` words a union of objects, which has no literals.
 */
export function schemaFix(e: ValueError, unionFix = 'see --help for its shape'): string {
  const s = e.schema as TSchema & Record<string, unknown>;
  if (e.value === undefined) {
    return `add "${configKeyOf(e).split('.').pop()}"${s.description ? ` (${String(s.description)})` : ''}`;
  }
  if (e.message.startsWith('Unexpected property')) return 'remove it or check its spelling (see --help)';
  if (Array.isArray(s.anyOf)) {
    const options = (s.anyOf as Array<{ const?: unknown }>)
      .map((o) => o.const)
      .filter((c) => c !== undefined);
    return options.length > 0 ? `use one of ${options.map((o) => JSON.stringify(o)).join(', ')}` : unionFix;
  }
  const bounds = [
    s.minimum !== undefined ? `at least ${String(s.minimum)}` : '',
    s.maximum !== undefined ? `at most ${String(s.maximum)}` : '',
    s.minItems !== undefined ? `with at least ${String(s.minItems)} entry` : '',
    s.uniqueItems ? 'without duplicates' : '',
    s.pattern !== undefined ? `matching ${String(s.pattern)}` : '',
  ].filter(Boolean);
  const type = typeof s.type === 'string' ? s.type : 'value';
  const what = s.description !== undefined ? ` (${String(s.description)})` : '';
  return `use ${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}${bounds.length ? ` ${bounds.join(', ')}` : ''}${what}`;
}
