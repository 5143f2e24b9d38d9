import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { configKeyOf, readConfigObject, setConfigPath } from '../src/config-file';

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
});
