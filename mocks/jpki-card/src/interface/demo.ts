import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { simLayout } from '../profile/build-profiles';
import { DEMO_PINS } from '../profile/standard-profiles';
import { pcscdAvailability, startPcscd } from '../stack/pcscd-stack';

/**
 * What `npm start` runs for now: the valid demo card in the reader of a private, real pcscd, until Ctrl-C. The card
 * runs as a child `jpki-sim card insert` inside the stack's network namespace (where vpcd listens), so that the
 * simulator's other commands can move it from another terminal through its control socket.
 */
export async function runDemo(state: string, waitForStop: () => Promise<void>): Promise<void> {
  const layout = simLayout(state);
  const unavailable = pcscdAvailability();
  if (unavailable) {
    console.log(`The card cannot go into a real reader here: ${unavailable}.`);
    console.log(`The card profiles are in ${layout.profiles}; tests use them in-process (no pcscd).`);
    return;
  }
  process.stderr.write('Starting a private pcscd with the vpcd virtual reader…\n');
  const stack = await startPcscd();
  const control = path.join(layout.state, 'card.sock');
  const argv = stack.wrap([
    process.execPath,
    path.join(__dirname, 'cli.js'),
    'card',
    'insert',
    '--state',
    layout.state,
    '--profile',
    'valid',
    '--vpcd',
    `${stack.vpcd.host}:${stack.vpcd.port}`,
    '--keep-counters',
    '--control',
    control,
    '--json',
  ]);
  const card = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'pipe', 'inherit'] });
  const ready = new Promise<void>((resolve, reject) => {
    card.once('exit', (code) => reject(new Error(`the card process exited with ${code}`)));
    readline.createInterface({ input: card.stdout! }).on('line', (line) => {
      const event = JSON.parse(line) as { event: string; profile?: string };
      if (event.event === 'ready') resolve();
      else if (event.event !== 'reply') console.log(`card ${event.profile ?? ''}: ${event.event}`);
    });
  });
  try {
    await ready;
    const env = `PCSCLITE_CSOCK_NAME=${stack.clientEnv.PCSCLITE_CSOCK_NAME}`;
    console.log(
      [
        '',
        `The demo My Number Card is in the reader "${stack.readerName}" of a private pcscd${stack.netns ? ` (network namespace ${stack.netns})` : ''}.`,
        `PINs: authentication ${DEMO_PINS.auth}, signature ${DEMO_PINS.sign}, card info ${DEMO_PINS.cardInfo}.`,
        '',
        'Look at it with OpenSC from another terminal:',
        `  ${env} opensc-tool -l`,
        `  ${env} pkcs15-tool --list-certificates`,
        `  ${env} pkcs15-tool --read-certificate 01`,
        'Move it:  jpki-sim card remove | jpki-sim card put-back | jpki-sim card swap expired',
        `          (with --state ${layout.state}; from mocks/jpki-card: node dist/interface/cli.js …)`,
        '',
        'Ctrl-C stops everything.',
      ].join('\n'),
    );
    await waitForStop();
  } finally {
    card.kill('SIGTERM');
    await new Promise((resolve) =>
      card.exitCode === null ? card.once('exit', resolve) : resolve(undefined),
    );
    await stack.stop();
    console.log('Stopped: card, pcscd and its namespace are gone.');
  }
}
