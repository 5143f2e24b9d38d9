import { MadoguchiError } from '@madoguchi/protocol';

export interface CliArgs {
  command: string;
  positional: string[];
  options: Map<string, string>;
  help: boolean;
}

/** `--name value` options (and `--help`) around one command word and its positional arguments. */
export function parseCliArgs(argv: readonly string[]): CliArgs {
  const options = new Map<string, string>();
  const words: string[] = [];
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') help = true;
    else if (arg.startsWith('--')) {
      const value = argv[i + 1];
      if (value === undefined || value.startsWith('--')) {
        throw new MadoguchiError('BAD_MESSAGE', `option ${arg} needs a value (see --help)`);
      }
      options.set(arg.slice(2), value);
      i++;
    } else words.push(arg);
  }
  return { command: words[0] ?? 'serve', positional: words.slice(1), options, help };
}

export function requireOption(args: CliArgs, name: string): string {
  const value = args.options.get(name);
  if (value === undefined) throw new MadoguchiError('BAD_MESSAGE', `--${name} is required (see --help)`);
  return value;
}
