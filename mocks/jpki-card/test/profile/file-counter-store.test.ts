import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MadoguchiError } from '@madoguchi/protocol';
import { createFileCounterStore } from '../../src/profile/file-counter-store';

describe('createFileCounterStore', () => {
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'file-counters-'));
    path = join(dir, 'counters.json');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes plain JSON, readable only by its owner, and leaves no temporary file behind', async () => {
    await createFileCounterStore(path).set('auth', 2);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ auth: 2 });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['counters.json']);
  });

  it.each([
    ['not JSON', '{ auth: 2', '(root): not JSON'],
    ['an unknown PIN', '{"admin": 1}', 'admin: Unexpected property'],
    ['a counter above the maximum', '{"auth": 4}', 'auth: Expected integer to be less or equal to 3'],
    ['a negative counter', '{"sign": -1}', 'sign: Expected integer to be greater or equal to 0'],
    ['a counter that is not a number', '{"cardInfo": "3"}', 'cardInfo: Expected integer'],
  ])(
    'refuses a file holding %s with CONFIG_INVALID naming the file and the key',
    async (_name, text, reason) => {
      writeFileSync(path, text);
      const error = await createFileCounterStore(path)
        .get('auth')
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MadoguchiError);
      expect((error as MadoguchiError).code).toBe('CONFIG_INVALID');
      const want = `${path}: ${reason}`;
      expect((error as MadoguchiError).message.slice(0, want.length)).toBe(want);
    },
  );

  it('refuses to overwrite a corrupt file', async () => {
    writeFileSync(path, '{"auth": 9}');
    await expect(createFileCounterStore(path).set('sign', 1)).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
    });
    expect(readFileSync(path, 'utf8')).toBe('{"auth": 9}');
  });

  it('reports a path it cannot read as CONFIG_INVALID', async () => {
    await expect(createFileCounterStore(dir).get('auth')).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
  });
});
