#!/usr/bin/env node
import os from 'node:os';
import { isMadoguchiError, MadoguchiError } from '@madoguchi/protocol';
import { loadConfig, type LoadedConfig } from '../config/load-config';
import { loadOrCreateDeviceKey } from '../transport/device-key';
import { HELP } from './cli-help';
import { createLogger } from './logger';
import { serve } from './serve';
import { armExitWatchdog } from './watchdog';

type Print = (line: string) => void;
interface Io {
  print: Print;
  printError: Print;
  /** Resolves when the process is asked to stop (SIGTERM / SIGINT). */
  stopSignal: () => Promise<string>;
}

const COMMANDS: Record<string, (config: LoadedConfig, io: Io) => Promise<void>> = {
  serve: runServe,
  enrol,
};

/** Returns the exit code; errors print as "CODE: message" (never a stack trace). */
export async function main(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  io: Io = { print: stdout, printError: stderr, stopSignal: processStopSignal },
): Promise<number> {
  let parsed: { command: string; config: string | undefined; help: boolean };
  try {
    parsed = parseArgs(argv);
  } catch (error) {
    io.printError(`${(error as Error).message} (see --help)`);
    return 2;
  }
  if (parsed.help) {
    io.print(HELP);
    return 0;
  }
  const command = COMMANDS[parsed.command];
  if (command === undefined) {
    io.printError(`unknown command ${JSON.stringify(parsed.command)} (see --help)`);
    return 2;
  }
  const file = parsed.config ?? env.MADOGUCHI_BRIDGE_CONFIG;
  if (file === undefined) {
    io.printError('--config FILE is required (see --help)');
    return 2;
  }
  try {
    await command(loadConfig(file, env), io);
    return 0;
  } catch (error) {
    io.printError(
      isMadoguchiError(error) ? `${error.code}: ${error.message}` : `INTERNAL: ${(error as Error).message}`,
    );
    return 1;
  }
}

function parseArgs(argv: readonly string[]): { command: string; config: string | undefined; help: boolean } {
  let config: string | undefined;
  let help = false;
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') help = true;
    else if (arg === '--config') {
      config = argv[++i];
      if (config === undefined) throw new Error('--config needs a FILE');
    } else if (arg.startsWith('-')) throw new Error(`unknown option ${arg}`);
    else words.push(arg);
  }
  if (words.length > 1) throw new Error(`one command at a time, got ${words.join(' ')}`);
  return { command: words[0] ?? 'serve', config, help };
}

async function runServe(config: LoadedConfig, io: Io): Promise<void> {
  const log = createLogger({ level: config.logLevel });
  const running = await serve(config, log);
  const signal = await io.stopSignal();
  log.info({ signal }, 'stopping');
  armExitWatchdog(config.timeouts.stopMs);
  await running.stop();
  log.info('stopped');
}

async function enrol(config: LoadedConfig, io: Io): Promise<void> {
  const identity = await loadOrCreateDeviceKey(config.stateDir);
  if (!/^[A-Za-z0-9_-]{8,64}$/.test(identity.deviceId)) {
    throw new MadoguchiError('INTERNAL', 'the device id does not fit the auth-server pattern');
  }
  io.print(`device id: ${identity.deviceId}`);
  io.print('public key (save it as box.pem for the operator):');
  io.print(identity.publicKeyPem.trimEnd());
  io.print('on the auth-server, the operator runs:');
  io.print(
    `  madoguchi-server --config FILE enrol-device --id ${identity.deviceId} --public-key box.pem --label ${JSON.stringify(os.hostname())}`,
  );
}

function stdout(line: string): void {
  process.stdout.write(`${line}\n`);
}

function stderr(line: string): void {
  process.stderr.write(`${line}\n`);
}

function processStopSignal(): Promise<string> {
  return new Promise((resolve) => {
    const on = (signal: NodeJS.Signals) => {
      process.off('SIGTERM', on);
      process.off('SIGINT', on);
      resolve(signal);
    };
    process.on('SIGTERM', on);
    process.on('SIGINT', on);
  });
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    if (code !== 0) process.exitCode = code;
  });
}
