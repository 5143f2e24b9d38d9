import { main } from '../../src/interface/cli';
import { REGISTRATIONS } from '../../src/registrations';

async function run(...args: string[]) {
  const out: string[] = [];
  const code = await main(args, {}, (line) => out.push(line));
  return { code, out: out.join('\n') };
}

describe('madoguchi-services', () => {
  it('--help names every option and the four services', async () => {
    const { code, out } = await run('--help');
    expect(code).toBe(0);
    for (const word of [
      '--credentials',
      '--auth-server',
      '--data-dir',
      '--ports',
      'city-hall',
      'transport',
    ]) {
      expect(out).toContain(word);
    }
  });

  it('--registrations prints the auth-server services config', async () => {
    const { code, out } = await run('--registrations');
    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual(Object.values(REGISTRATIONS));
  });

  it('usage errors exit 2', async () => {
    expect((await run()).code).toBe(2);
    expect((await run('--bogus')).code).toBe(2);
  });
});
