import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

// The operator and developer guides name commands, environment variables, metrics and files; when the code changes
// and a guide does not, this fails and says which.
const ROOT = path.resolve(__dirname, '../..');
const guides = [
  'README.md',
  ...readdirSync(path.join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
  'auth-server/README.md',
  'reader-bridge/README.md',
];
const text = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');
const help = (cli: string) => {
  const r = spawnSync(process.execPath, [path.join(ROOT, cli), '--help'], { encoding: 'utf8' });
  expect(r.status).toBe(0);
  return r.stdout;
};

describe('the guides match the code', () => {
  it('every madoguchi-server command they give exists', () => {
    const commands = new Set(
      [...help('auth-server/dist/interface/cli.js').matchAll(/^ {2}([a-z][a-z-]+)\b/gm)].map((m) => m[1]),
    );
    let seen = 0;
    for (const file of guides) {
      // `madoguchi-server --config FILE cmd`, `madoguchi-server … cmd`
      for (const m of text(file).matchAll(/madoguchi-server (?:--config \S+ |… )([a-z][a-z-]+)/g)) {
        expect({ file, command: m[1], exists: commands.has(m[1]) }).toEqual({
          file,
          command: m[1],
          exists: true,
        });
        seen++;
      }
    }
    expect(seen).toBeGreaterThan(10);
  });

  it('every environment variable they name is one the bridge or the server reads', () => {
    const known = new Set(
      [help('auth-server/dist/interface/cli.js'), help('reader-bridge/dist/interface/cli.js')].flatMap((h) =>
        [...h.matchAll(/\bMADOGUCHI_(?:SERVER|BRIDGE)_[A-Z_]+/g)].map((m) => m[0]),
      ),
    );
    for (const file of guides) {
      // MADOGUCHI_BRIDGE_TEST_*: the test suite's own switches, not the product's.
      for (const [name] of text(file).matchAll(/\bMADOGUCHI_(?:SERVER|BRIDGE)_(?!TEST_)[A-Z_]+/g)) {
        expect({ file, name, known: known.has(name) }).toEqual({ file, name, known: true });
      }
    }
  });

  it('every metric they name is one the server exports', () => {
    const exported = new Set(
      [...text('auth-server/src/metrics.ts').matchAll(/name: '(madoguchi_\w+)'/g)].map((m) => m[1]),
    );
    let seen = 0;
    for (const file of guides) {
      for (const [name] of text(file).matchAll(/\bmadoguchi_[a-z_]+(?=[`{ ])/g)) {
        expect({ file, name, exported: exported.has(name) }).toEqual({ file, name, exported: true });
        seen++;
      }
    }
    expect(seen).toBeGreaterThanOrEqual(exported.size);
  });

  it('every relative link and every deploy file they point to exists', () => {
    for (const file of guides) {
      for (const [, target] of text(file).matchAll(/\]\(((?!https?:)[^)#\s]+)(?:#[^)]*)?\)/g)) {
        const resolved = path.join(ROOT, path.dirname(file), target!);
        expect({ file, target, exists: existsSync(resolved) }).toEqual({ file, target, exists: true });
      }
      for (const [deployFile] of text(file).matchAll(/\b(?:auth-server|reader-bridge)\/deploy\/[\w.-]+/g)) {
        expect({ file, deployFile, exists: existsSync(path.join(ROOT, deployFile)) }).toEqual({
          file,
          deployFile,
          exists: true,
        });
      }
    }
  });
});
