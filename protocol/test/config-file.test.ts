import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import {
  applyEnvOverrides,
  configKeyOf,
  envVarName,
  readConfigObject,
  schemaFix,
  setConfigPath,
  validateConfig,
} from '../src/config-file';

describe('config files', () => {
  it('sets a dotted key, creating the objects on the way and keeping siblings', () => {
    const target: Record<string, unknown> = { listen: { host: '127.0.0.1' } };
    setConfigPath(target, ['listen', 'port'], 8080);
    setConfigPath(target, ['store', 'path'], 'x.db');
    expect(target).toEqual({ listen: { host: '127.0.0.1', port: 8080 }, store: { path: 'x.db' } });
  });
  it('names the key of a schema error', () => {
    expect(configKeyOf({ path: '/store/path' })).toBe('store.path');
    expect(configKeyOf({ path: '' })).toBe('(top level)');
  });
  it.each([
    ['missing', null, /cannot be read/],
    ['not JSON', '{', /is not JSON/],
    ['an array', '[]', /is not a JSON object/],
  ])('refuses a file that is %s with CONFIG_INVALID naming the fix', (_n, text, message) => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'madoguchi-config-')), 'c.json');
    if (text !== null) writeFileSync(file, text);
    expect(() => readConfigObject(file)).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID', message: expect.stringMatching(message) }),
    );
  });
  it.each([
    ['a missing key', {}, 'add "port" (TV WebSocket port)'],
    ['an unknown key', { port: 1, prot: 1 }, 'remove it or check its spelling (see --help)'],
    ['a number out of bounds', { port: 70000 }, 'use an integer at most 65535 (TV WebSocket port)'],
    ['a literal not in the union', { port: 1, level: 'loud' }, 'use one of "info", "warn"'],
    ['an object union', { port: 1, store: { kind: 'x' } }, 'use { "kind": "sqlite" }'],
  ])('words the fix for %s from the schema', (_n, value, fix) => {
    const schema = Type.Object(
      {
        port: Type.Integer({ maximum: 65535, description: 'TV WebSocket port' }),
        level: Type.Optional(Type.Union([Type.Literal('info'), Type.Literal('warn')])),
        store: Type.Optional(
          Type.Union([Type.Object({ kind: Type.Literal('sqlite') }), Type.Object({ url: Type.String() })]),
        ),
      },
      { additionalProperties: false },
    );
    const error = Value.Errors(schema, value).First()!;
    expect(schemaFix(error, 'use { "kind": "sqlite" }')).toBe(fix);
  });

  it('applies environment overrides to a copy, typed by kind, and names the variable behind each key', () => {
    const file = { listen: { host: '127.0.0.1' } };
    const { config, sources } = applyEnvOverrides(
      file,
      {
        X_LISTEN_PORT: '8080',
        X_RATE_MAX: 'many',
        X_ALLOWED_ORIGINS: 'http://a, http://b,',
        X_STORE_URL: 'postgres://db/m',
      },
      'X_',
      [
        { key: 'listen.port', kind: 'integer' },
        { key: 'rate.max', kind: 'integer' },
        { key: 'allowedOrigins', kind: 'list' },
        { key: 'store.url', apply: (c, url) => (c.store = { kind: 'postgres', url }) },
        { key: 'logLevel' },
      ],
    );
    expect(config).toEqual({
      listen: { host: '127.0.0.1', port: 8080 },
      rate: { max: 'many' }, // left as text: the schema refuses it, naming the variable
      allowedOrigins: ['http://a', 'http://b'],
      store: { kind: 'postgres', url: 'postgres://db/m' },
    });
    expect(file).toEqual({ listen: { host: '127.0.0.1' } });
    expect(sources.get('rate.max')).toBe('X_RATE_MAX');
    expect(sources.has('logLevel')).toBe(false);
    expect(envVarName('MADOGUCHI_BRIDGE_', 'timeouts.serverMs')).toBe('MADOGUCHI_BRIDGE_TIMEOUTS_SERVER_MS');
  });
});

describe('validateConfig', () => {
  const schema = Type.Object(
    {
      port: Type.Integer({ minimum: 1, default: 8080 }),
      origins: Type.Array(Type.String({ pattern: '^https?://' })),
    },
    { additionalProperties: false },
  );
  const options = {
    prefix: 'T_',
    overrides: [
      { key: 'port', kind: 'integer' as const },
      { key: 'origins', kind: 'list' as const },
    ],
  };

  it('fills defaults, applies the environment and says where each override came from', () => {
    const { config, sources } = validateConfig(
      schema,
      { origins: ['http://a'] },
      { T_ORIGINS: 'https://b' },
      options,
    );
    expect(config).toEqual({ port: 8080, origins: ['https://b'] });
    expect([...sources]).toEqual([['origins', 'T_ORIGINS']]);
  });

  it('names the key, the variable that set it (or its list) and the fix', () => {
    expect(() => validateConfig(schema, { origins: [] }, { T_PORT: '0' }, options)).toThrow(
      'config port (from T_PORT) = 0: expected integer to be greater or equal to 1; fix: use an integer at least 1',
    );
    expect(() => validateConfig(schema, {}, { T_ORIGINS: 'ftp://x' }, options)).toThrow(
      /^config origins\.0 \(from T_ORIGINS\) = "ftp:\/\/x": /,
    );
    expect(() => validateConfig(schema, {}, {}, options)).toThrow(
      /^config origins = \(missing\): .*fix: add "origins"/,
    );
  });
});
