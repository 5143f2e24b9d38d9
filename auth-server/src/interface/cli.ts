#!/usr/bin/env node
import { isMadoguchiError } from '@madoguchi/protocol';
import { loadConfig } from '../config/load-config';
import { parseCliArgs } from './cli-args';
import { HELP } from './cli-help';
import {
  abolishHolder,
  audit,
  enrolDevice,
  findHolder,
  importSerialListCommand,
  issueServiceSecret,
  listServices,
  reactivateHolder,
  refreshCrl,
  revokeDevice,
  rotateTokenKey,
  showHolder,
  suspendHolder,
  type Command,
} from './commands';
import { serve } from './serve';

const COMMANDS: Record<string, Command> = {
  serve: (config) => serve(config),
  'enrol-device': enrolDevice,
  'revoke-device': revokeDevice,
  'import-serial-list': importSerialListCommand,
  'refresh-crl': refreshCrl,
  audit,
  'rotate-token-key': rotateTokenKey,
  'list-services': listServices,
  'issue-service-secret': issueServiceSecret,
  'find-holder': findHolder,
  holder: showHolder,
  'suspend-holder': suspendHolder,
  'reactivate-holder': reactivateHolder,
  'abolish-holder': abolishHolder,
};

/** Returns the exit code; errors print as "CODE: message" (never a stack trace). */
export async function main(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  print: (line: string) => void = (l) => process.stdout.write(`${l}\n`),
  printError: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
): Promise<number> {
  try {
    const args = parseCliArgs(argv);
    const command = COMMANDS[args.command];
    if (args.help || command === undefined) {
      (command === undefined && !args.help ? printError : print)(HELP);
      return command === undefined && !args.help ? 2 : 0;
    }
    const file = args.options.get('config') ?? env.MADOGUCHI_SERVER_CONFIG;
    if (file === undefined) {
      printError('--config FILE is required (see --help)');
      return 2;
    }
    await command(loadConfig(file, env), args, print);
    return 0;
  } catch (error) {
    printError(
      isMadoguchiError(error) ? `${error.code}: ${error.message}` : `error: ${(error as Error).message}`,
    );
    return 1;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    if (code !== 0) process.exitCode = code;
  });
}
