import { readFileSync } from 'node:fs';
import type { TSchema } from '@sinclair/typebox';
import type { ValueError } from '@sinclair/typebox/value';
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
