import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { simLayout } from '@madoguchi/jpki-card';
import { main } from '../../src/interface/cli';
import { cardsState } from '../helpers/cards';
import { connectTv, TV_ORIGIN } from '../helpers/tv-client';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'madoguchi-cli-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const GOOD = () => ({
  allowedOrigins: [TV_ORIGIN],
  serverUrl: 'http://127.0.0.1:1',
  stateDir: 'state',
  port: 0,
});

async function configFile(config: Record<string, unknown>): Promise<string> {
  const file = path.join(dir, 'bridge.json');
  await writeFile(file, JSON.stringify(config));
  return file;
}

/** Runs main() in-process with captured output; serve is never started this way. */
async function run(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, env, {
    print: (l) => out.push(l),
    printError: (l) => err.push(l),
    stopSignal: () => Promise.resolve('test'),
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('madoguchi-bridge CLI', () => {
  it('prints help with every config key and env override, exit 0', async () => {
    const { code, out } = await run(['--help']);
    expect(code).toBe(0);
    for (const key of [
      'allowedOrigins',
      'serverUrl',
      'stateDir',
      'readerName',
      'card',
      'timeouts.serverMs',
    ]) {
      expect(out).toContain(key);
    }
    expect(out).toContain('MADOGUCHI_BRIDGE_SERVER_URL');
    expect(out).toContain('MADOGUCHI_BRIDGE_ALLOWED_ORIGINS');
  });

  it('is a usage error (2) without --config, with an unknown command or option', async () => {
    expect((await run(['serve'])).code).toBe(2);
    expect(await run(['--config', 'x', 'frobnicate'])).toMatchObject({ code: 2, err: /unknown command/ });
    expect(await run(['--verbose'])).toMatchObject({ code: 2, err: /unknown option --verbose/ });
  });

  it.each([
    [
      'a missing key',
      { ...GOOD(), allowedOrigins: undefined },
      /allowedOrigins = \(missing\).*fix: add "allowedOrigins"/,
    ],
    ['an unknown key', { ...GOOD(), prot: 1 }, /config prot = 1: .*fix: remove it or check its spelling/],
    ['a bad port', { ...GOOD(), port: 70000 }, /config port = 70000: .*fix: use an integer .*at most 65535/],
    [
      'an origin with a path',
      { ...GOOD(), allowedOrigins: ['http://tv/app'] },
      /allowedOrigins\.0 = "http:\/\/tv\/app"/,
    ],
    ['a bad card source', { ...GOOD(), card: 'usb' }, /config card = "usb": .*pcsc or virtual:FILE/],
    ['a bad log level', { ...GOOD(), logLevel: 'loud' }, /config logLevel = "loud": .*use one of "fatal"/],
    [
      'plain http to a remote server',
      { ...GOOD(), serverUrl: 'http://auth.example.jp' },
      /serverUrl = "http:\/\/auth.example.jp": plain http .*fix: use https:\/\//,
    ],
  ])('refuses %s with CONFIG_INVALID naming key, value and fix (exit 1)', async (_name, config, message) => {
    const { code, err } = await run(['--config', await configFile(config), 'enrol']);
    expect(code).toBe(1);
    expect(err).toMatch(/^CONFIG_INVALID: config /);
    expect(err).toMatch(message);
  });

  it('names the environment variable a bad value came from', async () => {
    const file = await configFile(GOOD());
    const { code, err } = await run(['--config', file, 'enrol'], { MADOGUCHI_BRIDGE_PORT: 'eighty' });
    expect(code).toBe(1);
    expect(err).toMatch(/config port \(from MADOGUCHI_BRIDGE_PORT\) = "eighty"/);
  });

  it('says a file that is missing or not JSON', async () => {
    expect(await run(['--config', path.join(dir, 'none.json')])).toMatchObject({
      code: 1,
      err: /CONFIG_INVALID: config file = .*cannot be read/,
    });
    await writeFile(path.join(dir, 'bad.json'), '{ nope');
    expect(await run(['--config', path.join(dir, 'bad.json')])).toMatchObject({
      code: 1,
      err: /is not JSON/,
    });
  });

  it('enrol prints the device id and SPKI PEM the auth-server enrols, the same on every run', async () => {
    const file = await configFile(GOOD());
    const first = await run(['--config', file, 'enrol']);
    expect(first.code).toBe(0);
    const id = /device id: ([A-Za-z0-9_-]{8,64})\n/.exec(first.out)?.[1];
    expect(id).toBeDefined();
    expect(first.out).toContain('-----BEGIN PUBLIC KEY-----');
    expect(first.out).toContain(`enrol-device --id ${id} --public-key box.pem`);
    expect(
      await run(['--config', file, 'enrol'], { MADOGUCHI_BRIDGE_STATE_DIR: path.join(dir, 'state') }),
    ).toEqual(first);
    expect((await stat(path.join(dir, 'state', 'device-key.pem'))).mode & 0o777).toBe(0o600);
  });
});

/** The real binary (sources through register-ts) in a child process. */
function startCli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const child = spawn(
    process.execPath,
    [
      '-r',
      path.join(__dirname, '../helpers/register-ts.js'),
      path.join(__dirname, '../../src/interface/cli.ts'),
      ...args,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } },
  );
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('exit', (code, signal) => {
      clearTimeout(kill);
      resolve({ code, signal });
    });
  });
  const line = (re: RegExp, ms = 15_000) =>
    new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no line ${re} within ${ms} ms; stdout ${out} stderr ${err}`)),
        ms,
      );
      const look = () => {
        const hit = out.split('\n').find((l) => re.test(l));
        if (!hit) return;
        clearTimeout(timer);
        child.stdout.off('data', look);
        resolve(hit);
      };
      child.stdout.on('data', look);
      look();
    });
  return { child, exited, line, output: () => ({ out, err }) };
}

/** CPU ticks (user + system) the process has used, from /proc. */
async function cpuTicks(pid: number): Promise<number> {
  const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]!.split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

describe('madoguchi-bridge serve (child process)', () => {
  it('exits 1 with the message on a bad config', async () => {
    const file = await configFile({ ...GOOD(), stateDir: undefined });
    const cli = startCli(['--config', file, 'serve']);
    expect(await cli.exited).toEqual({ code: 1, signal: null });
    expect(cli.output().err).toMatch(/^CONFIG_INVALID: config stateDir = \(missing\)/);
  }, 30_000);

  it('serves the TV with a virtual card, uses no CPU when idle, and stops cleanly on SIGTERM', async () => {
    const profile = simLayout(cardsState()).profile('valid');
    const file = await configFile({ ...GOOD(), card: `virtual:${profile}`, logLevel: 'info' });
    const cli = startCli(['--config', file, 'serve']);
    try {
      const ready = JSON.parse(await cli.line(/"bridge ready"/)) as { port: number; card: string };
      expect(ready.card).toBe('virtual');
      const tv = await connectTv(ready.port);
      await tv.next('card.state', (m) => m.state === 'present');
      tv.close();
      await tv.closed;

      await new Promise((r) => setTimeout(r, 300));
      const before = await cpuTicks(cli.child.pid!);
      await new Promise((r) => setTimeout(r, 2000));
      // 1 tick = 10 ms: an idle bridge runs no timers or polls.
      expect((await cpuTicks(cli.child.pid!)) - before).toBeLessThanOrEqual(2);

      const stoppedAt = Date.now();
      cli.child.kill('SIGTERM');
      expect(await cli.exited).toEqual({ code: 0, signal: null });
      expect(Date.now() - stoppedAt).toBeLessThan(3000);
      expect(cli.output().out).toMatch(/"msg":"stopped"/);
    } finally {
      cli.child.kill('SIGKILL');
    }
  }, 40_000);
});
