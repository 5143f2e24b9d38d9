import type { CardProfile } from './card-profile';
import { configInvalid, parseJson, readConfigText } from './config-file';
import { validateProfile } from './validate-profile';

/** Reads and validates a profile JSON file; every failure is a MadoguchiError CONFIG_INVALID naming the file. */
export async function loadProfile(path: string): Promise<CardProfile> {
  const text = await readConfigText(path);
  if (text === undefined) throw configInvalid(path, '(file)', 'no such file');
  return validateProfile(parseJson(text, path), path);
}
