import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from '../../src/interface/cli';

async function run(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(
    argv,
    env,
    (l) => out.push(l),
    (l) => err.push(l),
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('madoguchi-server CLI', () => {
  it('lists commands, config keys and environment overrides with --help', async () => {
    const { code, out } = await run(['--help']);
    expect(code).toBe(0);
    for (const word of [
      'serve',
      'enrol-device',
      'import-serial-list',
      'refresh-crl',
      'audit',
      'MADOGUCHI_SERVER_LISTEN_PORT',
      'crl.graceSeconds',
    ]) {
      expect(out).toContain(word);
    }
  });

  it('refuses an unknown command and a missing --config', async () => {
    expect((await run(['frobnicate'])).code).toBe(2);
    expect(await run(['audit'])).toMatchObject({
      code: 2,
      err: expect.stringContaining('--config FILE is required'),
    });
  });

  it('prints a config error as its code and message, no stack', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'madoguchi-cli-'));
    const file = path.join(dir, 'c.json');
    writeFileSync(file, JSON.stringify({ stateDir: dir, services: [] }));
    const { code, err } = await run(['--config', file, 'audit']);
    expect(code).toBe(1);
    expect(err).toMatch(
      /^CONFIG_INVALID: config services = \[\]: .*fix: use an array with at least 1 entry$/,
    );
  });

  it('prints audit records as JSON lines', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'madoguchi-cli-'));
    const file = path.join(dir, 'c.json');
    writeFileSync(file, JSON.stringify({ stateDir: dir, services: [{ id: 'gyosei' }] }));
    expect(await run(['--config', file, 'audit', '--outcome', 'refused'])).toEqual({
      code: 0,
      out: '',
      err: '',
    });
    expect((await run(['--config', file, 'audit', '--limit', 'many'])).err).toMatch(
      /^BAD_MESSAGE: audit query \/limit/,
    );
  });
});
