#!/usr/bin/env node
import { parseArgs, type ParseArgsConfig } from 'node:util';
import path from 'node:path';
import readline from 'node:readline';
import { mkdir } from 'node:fs/promises';
import { isPinWellFormed, type BasicFour, type PinKind } from '@madoguchi/protocol';
import { REVOCATION_REASONS, type CaKind, type RevocationReason } from '@madoguchi/jpki-ca';
import { buildStandardProfiles, ensureCa, readManifest, simLayout } from '../profile/build-profiles';
import { STANDARD_PROFILES } from '../profile/standard-profiles';
import { parseVpcdEndpoint } from '../transport/vpcd-client';
import { CardHolder, sendControl } from './card-holder';
import { runDemo } from './demo';
import { issueCard, renewCard, revokeCard } from './card-commands';

/**
 * jpki-sim: the test stand-ins for J-LIS (the CA) and for the citizen's card. Every subcommand has --help.
 * State lives in --state DIR (default $MADOGUCHI_STATE or ./.state).
 */

interface Command {
  summary: string;
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  run(
    values: Record<string, string | boolean | undefined>,
    positionals: string[],
    state: string,
  ): Promise<void>;
}

const kindOption = { type: 'string', default: 'both' } as const;

function kindsOf(value: unknown): CaKind[] {
  if (value === 'both') return ['auth', 'sign'];
  if (value === 'auth' || value === 'sign') return [value];
  throw new UsageError(`--kind must be auth, sign or both, got ${JSON.stringify(value)}`);
}

class UsageError extends Error {}

const commands: Record<string, Command> = {
  'ca create': {
    summary: 'Create the test CA (user-authentication and signature roots) in STATE/ca',
    usage: 'jpki-sim ca create',
    options: {},
    async run(_v, _p, state) {
      const ca = await ensureCa(simLayout(state).ca);
      console.log(`CA ready in ${ca.dir}`);
      for (const kind of ['auth', 'sign'] as const) console.log(`  ${kind} root: ${ca.caCertPath(kind)}`);
    },
  },
  'ca rollover': {
    summary: 'Publish a CA key rollover: a new root plus the two link certificates',
    usage: 'jpki-sim ca rollover [--kind auth|sign|both]',
    options: { kind: kindOption },
    async run(v, _p, state) {
      const ca = await ensureCa(simLayout(state).ca);
      for (const kind of kindsOf(v.kind)) {
        const r = await ca.rollover(kind);
        const files = ca.generations(kind).at(-1);
        console.log(
          `${kind}: generation ${r.generation} — root ${files?.caCertPath}, links ${files?.newWithOldPath}, ${files?.oldWithNewPath}`,
        );
      }
    },
  },
  'crl publish': {
    summary: 'Publish fresh CRLs (one per CA key generation)',
    usage: 'jpki-sim crl publish [--kind auth|sign|both] [--hours N]',
    options: { kind: kindOption, hours: { type: 'string' } },
    async run(v, _p, state) {
      const ca = await ensureCa(simLayout(state).ca);
      const hours = v.hours === undefined ? undefined : Number(v.hours);
      if (hours !== undefined && !(hours > 0))
        throw new UsageError('--hours must be a positive number of hours');
      for (const kind of kindsOf(v.kind)) {
        const now = new Date();
        const crls = await ca.publishCrl(kind, {
          now,
          ...(hours ? { nextUpdate: new Date(now.getTime() + hours * 3600_000) } : {}),
        });
        for (const c of crls)
          console.log(
            `${kind} g${c.generation}: CRL #${c.crlNumber}, next update ${c.nextUpdate.toISOString()} → ${c.derPath}`,
          );
      }
    },
  },
  'profiles build': {
    summary: 'Issue every standard card profile afresh from the test CA (and publish CRLs)',
    usage: 'jpki-sim profiles build',
    options: {},
    async run(_v, _p, state) {
      await buildWithProgress(state);
    },
  },
  'profiles list': {
    summary: 'List the card profiles (name and what is special about each)',
    usage: 'jpki-sim profiles list',
    options: {},
    async run(_v, _p, state) {
      const built = new Set((await readManifest(state))?.map((m) => m.name));
      const width = Math.max(...STANDARD_PROFILES.map((r) => r.name.length));
      for (const r of STANDARD_PROFILES) {
        console.log(`${r.name.padEnd(width)}  ${built.has(r.name) ? ' ' : '*'} ${r.description}`);
      }
      if (built.size === 0) console.log('\n* not built yet: run jpki-sim profiles build');
    },
  },
  'card issue': {
    summary: 'Issue a new card (both certificates) as profile NAME',
    usage:
      'jpki-sim card issue NAME [--name 氏名] [--address 住所] [--birth YYYYMMDD] [--sex 1|2|9] [--no-sign]\n' +
      '                         [--auth-pin 1234] [--sign-pin ABC123] [--card-info-pin 1234]',
    options: {
      name: { type: 'string' },
      address: { type: 'string' },
      birth: { type: 'string' },
      sex: { type: 'string' },
      'no-sign': { type: 'boolean', default: false },
      'auth-pin': { type: 'string' },
      'sign-pin': { type: 'string' },
      'card-info-pin': { type: 'string' },
    },
    async run(v, p, state) {
      const profileName = requireName(p, 'card issue NAME');
      const pins: Partial<Record<PinKind, string>> = {};
      for (const [flag, kind] of [
        ['auth-pin', 'auth'],
        ['sign-pin', 'sign'],
        ['card-info-pin', 'cardInfo'],
      ] as const) {
        const pin = v[flag];
        if (typeof pin !== 'string') continue;
        if (!isPinWellFormed(kind, pin))
          throw new UsageError(`--${flag} does not meet the card's PIN rules for ${kind}`);
        pins[kind] = pin;
      }
      const facts: Partial<BasicFour> = {};
      if (typeof v.name === 'string') facts.name = v.name;
      if (typeof v.address === 'string') facts.address = v.address;
      if (typeof v.birth === 'string') facts.dateOfBirth = v.birth;
      if (v.sex === '1' || v.sex === '2' || v.sex === '9') facts.sex = v.sex;
      else if (v.sex !== undefined) throw new UsageError('--sex must be 1, 2 or 9 (ISO 5218)');
      const out = await issueCard(simLayout(state), profileName, {
        facts,
        pins,
        noSign: v['no-sign'] === true,
      });
      console.log(`issued card ${profileName}: ${out}`);
    },
  },
  'card renew': {
    summary: 'Renew card NAME as profile NEW (new keys and serials; rows in the old→new serial list)',
    usage: 'jpki-sim card renew NAME --as NEW',
    options: { as: { type: 'string' } },
    async run(v, p, state) {
      const name = requireName(p, 'card renew NAME --as NEW');
      if (typeof v.as !== 'string') throw new UsageError('card renew needs --as NEW, the new profile name');
      console.log(`renewed ${name} as ${v.as}: ${await renewCard(simLayout(state), name, v.as)}`);
    },
  },
  'card revoke': {
    summary: 'Revoke (or hold) the certificates of card NAME, then publish CRLs',
    usage: `jpki-sim card revoke NAME [--kind auth|sign|both] [--reason ${REVOCATION_REASONS.join('|')}]`,
    options: { kind: kindOption, reason: { type: 'string', default: 'keyCompromise' } },
    async run(v, p, state) {
      const name = requireName(p, 'card revoke NAME');
      const reason = v.reason as RevocationReason;
      if (!REVOCATION_REASONS.includes(reason))
        throw new UsageError(`--reason must be one of ${REVOCATION_REASONS.join(', ')}`);
      await revokeCard(simLayout(state), name, kindsOf(v.kind), reason);
      console.log(`revoked ${name} (${v.kind}, ${reason}); CRLs published`);
    },
  },
  'card insert': {
    summary: "Put card NAME into pcscd's Virtual PCD reader and keep it there until stopped",
    usage:
      'jpki-sim card insert --profile NAME [--vpcd HOST:PORT] [--keep-counters] [--control PATH] [--json]\n\n' +
      'While it runs, lines on stdin or on the control socket (default STATE/card.sock) move the card:\n' +
      '  remove | insert | swap NAME | pull-at N | status\n' +
      'From another terminal: jpki-sim card remove, jpki-sim card put-back, jpki-sim card swap NAME.',
    options: {
      profile: { type: 'string', default: 'valid' },
      vpcd: { type: 'string', default: '127.0.0.1:35963' },
      'keep-counters': { type: 'boolean', default: false },
      control: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    async run(v, _p, state) {
      const layout = simLayout(state);
      await ensureProfiles(state);
      const holder = new CardHolder({
        layout,
        profile: String(v.profile),
        vpcd: parseVpcdEndpoint(String(v.vpcd)),
        keepCounters: v['keep-counters'] === true,
      });
      const say = (event: Record<string, unknown>, text: string) =>
        console.log(v.json ? JSON.stringify(event) : text);
      holder.on('event', (e: { event: string; profile: string; message?: string }) =>
        say(e, `card ${e.profile}: ${e.event}${e.message ? ` (${e.message})` : ''}`),
      );
      await holder.start();
      const controlPath = typeof v.control === 'string' ? v.control : path.join(layout.state, 'card.sock');
      const server = await holder.listen(controlPath);
      say(
        { event: 'ready', profile: v.profile, control: controlPath },
        `control socket: ${controlPath} (Ctrl-C to stop)`,
      );
      const lines = readline.createInterface({ input: process.stdin });
      lines.on(
        'line',
        (line) => void holder.control(line).then((reply) => reply && say({ event: 'reply', reply }, reply)),
      );
      await waitForStop();
      lines.close();
      server.close();
      await holder.stop();
    },
  },
  'card remove': controlCommand('remove', 'Pull the card out of the reader of a running `card insert`'),
  'card put-back': controlCommand('insert', 'Put the card back into the reader of a running `card insert`'),
  'card swap': {
    summary: 'Swap the card of a running `card insert` for profile NAME',
    usage: 'jpki-sim card swap NAME [--control PATH]',
    options: { control: { type: 'string' } },
    async run(v, p, state) {
      const name = requireName(p, 'card swap NAME');
      console.log(await sendControl(controlPathOf(v, state), `swap ${name}`));
    },
  },
  'card pull-at': {
    summary: 'Arm a running `card insert`: the card leaves the reader as its Nth APDU from now arrives',
    usage: 'jpki-sim card pull-at N [--control PATH]',
    options: { control: { type: 'string' } },
    async run(v, p, state) {
      const n = p[0];
      if (!n || !/^[1-9]\d{0,3}$/.test(n)) {
        throw new UsageError('usage: jpki-sim card pull-at N [--control PATH] (N ≥ 1: 1 is the next APDU)');
      }
      console.log(await sendControl(controlPathOf(v, state), `pull-at ${n}`));
    },
  },
  demo: {
    summary: 'Run the demo: CA, profiles and the valid card in a private real pcscd (what `npm start` runs)',
    usage: 'jpki-sim demo',
    options: {},
    async run(_v, _p, state) {
      await ensureProfiles(state);
      await runDemo(state, waitForStop);
    },
  },
};

function controlCommand(line: string, summary: string): Command {
  return {
    summary,
    usage: `jpki-sim card ${line === 'insert' ? 'put-back' : line} [--control PATH]`,
    options: { control: { type: 'string' } },
    async run(v, _p, state) {
      console.log(await sendControl(controlPathOf(v, state), line));
    },
  };
}

function controlPathOf(v: Record<string, unknown>, state: string): string {
  return typeof v.control === 'string' ? v.control : path.join(simLayout(state).state, 'card.sock');
}

function requireName(positionals: string[], usage: string): string {
  const name = positionals[0];
  if (!name || !/^[a-z0-9][a-z0-9-]{0,62}$/.test(name)) {
    throw new UsageError(`usage: jpki-sim ${usage} (NAME: lower-case letters, digits and -)`);
  }
  return name;
}

async function ensureProfiles(state: string): Promise<void> {
  if (!(await readManifest(state))) await buildWithProgress(state);
}

async function buildWithProgress(state: string): Promise<void> {
  await mkdir(state, { recursive: true });
  process.stderr.write('Issuing the standard cards from the test CA…\n');
  const manifest = await buildStandardProfiles(state, {
    onProgress: (done, total, name) => process.stderr.write(`  [${done}/${total}] ${name}\n`),
  });
  console.log(`${manifest.length} profiles in ${simLayout(state).profiles}`);
}

function waitForStop(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

function mainHelp(): string {
  const width = Math.max(...Object.keys(commands).map((k) => k.length));
  return [
    'jpki-sim — test stand-ins for the JPKI CAs (J-LIS) and for My Number Cards',
    '',
    'usage: jpki-sim [--state DIR] COMMAND [options]   (COMMAND --help for its options)',
    '',
    ...Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    '',
    'State: --state DIR, else $MADOGUCHI_STATE, else ./.state. Demo PINs: auth 1234, sign ABC123, card info 1234.',
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const global = parseArgs({
    args: argv,
    options: { state: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    strict: false,
    allowPositionals: true,
  });
  const words = global.positionals;
  const key = [words.slice(0, 2).join(' '), words[0] ?? ''].find((k) => k in commands);
  if (!key) {
    console.log(mainHelp());
    return words.length === 0 || global.values.help ? 0 : 2;
  }
  const command = commands[key]!;
  const rest = argv.slice(argv.indexOf(key.split(' ').at(-1)!) + 1);
  try {
    const { values, positionals } = parseArgs({
      args: rest,
      options: { ...command.options, help: { type: 'boolean', short: 'h' }, state: { type: 'string' } },
      allowPositionals: true,
    });
    if (values.help) {
      console.log(`${command.summary}\n\nusage: ${command.usage}`);
      return 0;
    }
    const state = path.resolve(
      (values.state as string | undefined) ??
        (global.values.state as string | undefined) ??
        process.env.MADOGUCHI_STATE ??
        '.state',
    );
    await command.run(values, positionals, state);
    return 0;
  } catch (err) {
    const usage = err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    console.error(`jpki-sim ${key}: ${(err as Error).message}`);
    if (usage) console.error(`usage: ${command.usage}`);
    return usage ? 2 : 1;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => process.exit(code));
}
