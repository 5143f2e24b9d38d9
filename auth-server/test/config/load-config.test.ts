import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, parseConfig } from '../../src/config/load-config';

const minimal = { stateDir: '/var/lib/madoguchi', services: [{ id: 'gyosei' }] };
const message = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as Error & { code: string }).code + ' ' + (error as Error).message;
  }
  return 'no error';
};

describe('config', () => {
  it('fills every default and puts SQLite in the state directory', () => {
    const config = parseConfig(minimal);
    expect(config).toMatchObject({
      listen: { host: '127.0.0.1', port: 8080 },
      store: { kind: 'sqlite', path: '/var/lib/madoguchi/madoguchi.db' },
      challenge: { ttlSeconds: 120 },
      crl: { refreshSeconds: 3600, graceSeconds: 3600 },
      services: [{ id: 'gyosei', assurance: 'auth' }],
    });
  });

  it('names the key, the value and the fix', () => {
    expect(message(() => parseConfig({ ...minimal, listen: { port: 'eighty' } }))).toMatch(
      /^CONFIG_INVALID config listen\.port = "eighty": .*; fix: use an integer at least 0, at most 65535$/,
    );
    expect(message(() => parseConfig({ services: minimal.services }))).toMatch(
      /stateDir = \(missing\).*fix: add "stateDir"/,
    );
    expect(message(() => parseConfig({ ...minimal, logLevel: 'loud' }))).toMatch(
      /logLevel = "loud".*fix: use one of "fatal"/,
    );
    expect(message(() => parseConfig({ ...minimal, challange: {} }))).toMatch(
      /challange.*fix: remove it or check its spelling/,
    );
  });

  it('applies MADOGUCHI_SERVER_* overrides and says when a bad value came from one', () => {
    const env = {
      MADOGUCHI_SERVER_LISTEN_PORT: '9000',
      MADOGUCHI_SERVER_STORE_URL: 'postgres://db/madoguchi',
    };
    expect(parseConfig(minimal, env)).toMatchObject({
      listen: { port: 9000 },
      store: { kind: 'postgres', url: 'postgres://db/madoguchi' },
    });
    expect(message(() => parseConfig(minimal, { MADOGUCHI_SERVER_CHALLENGE_TTL_SECONDS: 'x' }))).toMatch(
      /challenge\.ttlSeconds \(from MADOGUCHI_SERVER_CHALLENGE_TTL_SECONDS\) = "x"/,
    );
  });

  it('reads a file, resolving relative paths against it, and refuses non-JSON', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'madoguchi-config-'));
    const file = path.join(dir, 'server.json');
    writeFileSync(
      file,
      JSON.stringify({
        ...minimal,
        stateDir: 'state',
        trust: { auth: { crls: ['crl.der', 'http://x/crl'] } },
      }),
    );
    expect(loadConfig(file, {})).toMatchObject({
      stateDir: path.join(dir, 'state'),
      trust: { auth: { crls: [path.join(dir, 'crl.der'), 'http://x/crl'] } },
    });
    writeFileSync(file, '{');
    expect(message(() => loadConfig(file, {}))).toMatch(
      /CONFIG_INVALID config file = ".*server.json": is not JSON/,
    );
  });
});
