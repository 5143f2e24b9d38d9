#!/usr/bin/env node
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEMO_PINS } from '@madoguchi/jpki-card';
import { DEFAULT_PORTS, parsePorts } from '../ports';
import { startStack, type RunningStack } from '../stack';

const HELP = `madoguchi-stack — the whole counter on a virtual card, in one command

Usage:
  madoguchi-stack start [--state DIR] [--ports LIST] [--postgres]
  madoguchi-stack --help

start brings up, on 127.0.0.1 only: the test JPKI CA and card profiles (made on first run), the auth-server
(SQLite), the four sample services, the reader-bridge reading the demo card through a private real pcscd (the card
in-process inside the bridge where pcscd cannot run, e.g. without root), and the TV app. It prints the URL to open.
Ctrl-C (or SIGTERM) stops everything.

Options:
  --state DIR    where everything is kept (default $MADOGUCHI_STATE, else ./.state)
  --ports LIST   e.g. tv=9090,auth=9080 (defaults ${Object.entries(DEFAULT_PORTS)
    .map(([n, p]) => `${n}=${p}`)
    .join(',')})
  --postgres     two auth-server instances on one local PostgreSQL (a throwaway cluster, made afresh on every
                 start), behind one round-robin address on the auth port, instead of one on SQLite`;

function describe(stack: RunningStack, state: string): string {
  const sim = `jpki-sim --state ${state}`;
  const card =
    stack.card.kind === 'pcscd'
      ? [
          `The demo card is in the reader "${stack.card.readerName}" of a private pcscd. Move it from another terminal:`,
          `  ${sim} card remove | ${sim} card put-back | ${sim} card swap NAME   (NAME: ${sim} profiles list)`,
          `  ${sim} card pull-at N   (the card leaves as its Nth APDU from now arrives)`,
          `  (jpki-sim is node ${path.relative(process.cwd(), require.resolve('@madoguchi/jpki-card/dist/interface/cli.js'))})`,
          'The bridge holds the card exclusively (no other program may send it APDUs between a PIN and a signature);',
          `to look at the card with OpenSC's pkcs15-tool, run ${sim} demo instead of the whole stack.`,
        ]
      : [
          `NOTE: no real card reader here (${stack.card.reason}).`,
          'The demo card is held in-process by the bridge; it cannot be pulled or swapped.',
        ];
  return [
    '',
    `Open the TV counter:  ${stack.url}`,
    '  the remote on the keyboard: arrows, Enter = OK, Backspace or Esc = Back, digits, I = say it again',
    `Demo PINs: authentication ${DEMO_PINS.auth}, signature ${DEMO_PINS.sign}, card info ${DEMO_PINS.cardInfo}`,
    ...card,
    ...(stack.authInstances.length > 1
      ? [`The auth-server: ${stack.authInstances.join(' and ')} on one PostgreSQL, taken in turn`]
      : []),
    `Logs: ${stack.layout.logs}`,
    '',
    'Ctrl-C stops everything.',
  ].join('\n');
}

function waitForSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
}

export async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        state: { type: 'string' },
        ports: { type: 'string' },
        postgres: { type: 'boolean' },
      },
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${HELP}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help || positionals.length === 0) {
    console.log(HELP);
    return 0;
  }
  if (positionals[0] !== 'start' || positionals.length > 1) {
    console.error(`unknown command: ${positionals.join(' ')}\n\n${HELP}`);
    return 2;
  }
  let ports;
  try {
    ports = parsePorts(values.ports);
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  const state = path.resolve(values.state ?? process.env.MADOGUCHI_STATE ?? '.state');
  // A signal during start-up must stop what has started too, not leave it half-way.
  const signal = waitForSignal();
  const starting = new AbortController();
  void signal.then(() => starting.abort());
  let stack: RunningStack;
  try {
    stack = await startStack({
      state,
      ports,
      postgres: values.postgres ?? false,
      progress: (line) => console.log(`… ${line}`),
      signal: starting.signal,
    });
  } catch (error) {
    if (starting.signal.aborted) {
      console.log('Stopped while starting; nothing is left running.');
      return 130;
    }
    console.error(`madoguchi-stack: ${(error as Error).message}`);
    return 1;
  }
  console.log(describe(stack, state));
  await signal;
  console.log('\nStopping…');
  await stack.stop();
  console.log('Stopped: every process, the pcscd namespace and the card socket are gone.');
  return 0;
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => process.exit(code));
}
