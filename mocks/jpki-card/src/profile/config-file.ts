import { readFile } from 'node:fs/promises';
import { Value } from '@sinclair/typebox/value';
import type { Static, TSchema } from '@sinclair/typebox';
import { MadoguchiError } from '@madoguchi/protocol';

/** Helpers for the card's two JSON files (profile, counters): every failure is a CONFIG_INVALID naming file and key. */

/**
 * Checks `value` against `schema`; throws MadoguchiError CONFIG_INVALID naming the source and the first bad key
 * (as a dotted path), so whoever edits the file knows which line to fix. Values are never echoed: they may be PINs.
 */
export function checkValue<T extends TSchema>(schema: T, value: unknown, source: string): Static<T> {
  const error = Value.Errors(schema, value).First();
  if (error !== undefined) throw configInvalid(source, keyOf(error.path), error.message);
  return value as Static<T>;
}

export function configInvalid(source: string, key: string, reason: string, cause?: unknown): MadoguchiError {
  return new MadoguchiError('CONFIG_INVALID', `${source}: ${key}: ${reason}`, { cause });
}

/** '/jpki/authPin' → 'jpki.authPin'; the whole document is '(root)'. */
function keyOf(pointer: string): string {
  const key = pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
  return key === '' ? '(root)' : key;
}

/** JSON.parse with a CONFIG_INVALID naming the file instead of a bare SyntaxError. */
export function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw configInvalid(source, '(root)', `not JSON: ${(cause as Error).message}`, cause);
  }
}

/** The file's text, or undefined if it does not exist. */
export async function readConfigText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw configInvalid(path, '(file)', `cannot read: ${(cause as Error).message}`, cause);
  }
}
