import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadProfile } from '../../src/profile/load-profile';
import { makeProfile } from '../helpers/test-profile';

describe('loadProfile', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'profiles-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a profile from its JSON file', async () => {
    const profile = makeProfile();
    const path = join(dir, 'valid.json');
    writeFileSync(path, JSON.stringify(profile, null, 2));
    expect(await loadProfile(path)).toEqual(profile);
  });

  it.each([
    ['a missing file', undefined, '(file): no such file'],
    ['a file that is not JSON', '{"name": ', '(root): not JSON'],
    [
      'a profile with a bad key',
      JSON.stringify({ ...makeProfile(), extendedLength: 'yes' }),
      'extendedLength:',
    ],
  ])('refuses %s with CONFIG_INVALID naming the file', async (_name, text, reason) => {
    const path = join(dir, 'card.json');
    if (text !== undefined) writeFileSync(path, text);
    const error = await loadProfile(path).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CONFIG_INVALID' });
    expect((error as Error).message).toContain(`${path}: ${reason}`);
  });
});
