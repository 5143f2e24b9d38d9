import { MadoguchiError } from '@madoguchi/protocol';

/** Every config failure: names the key, the value that was given (or that it is missing) and the fix. */
export function configError(key: string, value: unknown, problem: string, fix: string): MadoguchiError {
  const shown = value === undefined ? '(missing)' : JSON.stringify(value);
  return new MadoguchiError('CONFIG_INVALID', `config ${key} = ${shown}: ${problem}; fix: ${fix}`);
}
