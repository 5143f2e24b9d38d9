import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureCa } from '@madoguchi/jpki-card';

// What an operator deploys (`pnpm package`), unpacked where the systemd units expect it and run from there: the
// artefacts must work with nothing of the workspace beside them.
const ROOT = path.resolve(__dirname, '../..');
const work = mkdtempSync(path.join(tmpdir(), 'madoguchi-package-'));
const out = path.join(work, 'out');
const opt = path.join(work, 'opt'); // stands for /opt/madoguchi
let artefacts: string[] = [];

/** A box or server has no NODE_PATH; pnpm's shims set one that would find the workspace's dev packages. */
const { NODE_PATH: _workspaceModules, ...boxEnv } = process.env;

function node(args: string[], env: NodeJS.ProcessEnv = {}) {
  return spawnSync(process.execPath, args, { cwd: work, encoding: 'utf8', env: { ...boxEnv, ...env } });
}

beforeAll(() => {
  const built = node([path.join(ROOT, 'scripts/package.mjs'), '--out', out]);
  expect(built.stderr).toBe('');
  expect(built.status).toBe(0);
  artefacts = readdirSync(out).filter((f) => f.endsWith('.tar.gz'));
  mkdirSync(opt, { recursive: true });
  for (const file of artefacts) {
    const unpacked = spawnSync('tar', ['xzf', path.join(out, file), '-C', opt], { encoding: 'utf8' });
    expect(unpacked.status).toBe(0);
  }
}, 300_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('pnpm package', () => {
  it('writes the three artefacts and checksums that match them', () => {
    expect(artefacts.sort()).toEqual([
      'madoguchi-auth-server-0.1.0.tar.gz',
      'madoguchi-reader-bridge-0.1.0.tar.gz',
      'madoguchi-tv-app-0.1.0.tar.gz',
    ]);
    const sums = readFileSync(path.join(out, 'SHA256SUMS'), 'utf8').trim().split('\n');
    expect(sums).toHaveLength(3);
    for (const line of sums) {
      const [sum, file] = line.split(/\s+/) as [string, string];
      expect(
        createHash('sha256')
          .update(readFileSync(path.join(out, file)))
          .digest('hex'),
      ).toBe(sum);
    }
  });

  it('the TV bundle is static files only: page, script, font, settings — no source map', () => {
    const files = spawnSync('find', ['tv-app', '-type', 'f'], { cwd: opt, encoding: 'utf8' }).stdout;
    expect(files.trim().split('\n').sort()).toEqual([
      'tv-app/app.js',
      'tv-app/fonts/madoguchi.woff',
      'tv-app/index.html',
      'tv-app/settings.json',
    ]);
    const settings = JSON.parse(readFileSync(path.join(opt, 'tv-app/settings.json'), 'utf8'));
    expect(settings.bridgeUrl).toMatch(/^ws:\/\/127\.0\.0\.1:/);
  });

  it.each(['reader-bridge', 'auth-server'])(
    '%s is a production install: built code, its unit and example config, no sources, tests or dev packages',
    (name) => {
      const dir = path.join(opt, name);
      expect(readdirSync(dir).sort()).toEqual([
        'README.md',
        'deploy',
        'dist',
        'node_modules',
        'package.json',
      ]);
      const modules = readdirSync(path.join(dir, 'node_modules/@madoguchi'));
      expect(modules).toEqual(['protocol']); // never the virtual card or the test CA
      expect(readdirSync(path.join(dir, 'node_modules/@madoguchi/protocol')).sort()).toEqual([
        'dist',
        'package.json',
      ]);
      // The unit's ExecStart names a file that the artefact, unpacked in /opt/madoguchi, really has.
      const unit = readdirSync(path.join(dir, 'deploy')).find((f) => f.endsWith('.service'))!;
      const exec = /^ExecStart=\S+ (\/opt\/madoguchi\/\S+)/m.exec(
        readFileSync(path.join(dir, 'deploy', unit), 'utf8'),
      );
      expect(exec).not.toBeNull();
      expect(existsSync(exec![1]!.replace('/opt/madoguchi', opt))).toBe(true);
    },
  );

  it('the bridge runs from the artefact: help, enrol with the example config, and no virtual card', () => {
    const cli = path.join(opt, 'reader-bridge/dist/interface/cli.js');
    const config = path.join(opt, 'reader-bridge/deploy/bridge.example.json');
    expect(node([cli, '--help']).status).toBe(0);
    const state = path.join(work, 'bridge-state');
    const enrol = node([cli, '--config', config, 'enrol'], { MADOGUCHI_BRIDGE_STATE_DIR: state });
    expect(enrol.status).toBe(0);
    expect(enrol.stdout).toMatch(/device id: \S+/);
    expect(enrol.stdout).toContain('-----BEGIN PUBLIC KEY-----');
    // The development-only card is not in a production install, and the error says so.
    const virtual = node([cli, '--config', config, 'serve'], {
      MADOGUCHI_BRIDGE_STATE_DIR: state,
      MADOGUCHI_BRIDGE_CARD: `virtual:${path.join(opt, 'reader-bridge/package.json')}`,
    });
    expect(virtual.status).toBe(1);
    expect(virtual.stderr).toMatch(/^CONFIG_INVALID: config card = .*development install/m);
  });

  it('the server runs from the artefact on a real CA: readiness, discovery, then a clean stop', async () => {
    const ca = path.join(work, 'ca');
    const issued = await ensureCa(ca);
    for (const kind of ['auth', 'sign'] as const) await issued.publishCrl(kind, { now: new Date() });
    const example = JSON.parse(
      readFileSync(path.join(opt, 'auth-server/deploy/server.example.json'), 'utf8'),
    );
    // The example as an operator would fill it in: the CA directories, a state directory, a free port.
    const config = path.join(work, 'server.json');
    writeFileSync(
      config,
      JSON.stringify({
        ...example,
        listen: { host: '127.0.0.1', port: 0 },
        issuer: 'http://127.0.0.1:1',
        stateDir: path.join(work, 'server-state'),
        store: { kind: 'sqlite', path: path.join(work, 'server-state/madoguchi.db') },
        trust: { auth: { dir: path.join(ca, 'auth') }, sign: { dir: path.join(ca, 'sign') } },
      }),
    );
    const cli = path.join(opt, 'auth-server/dist/interface/cli.js');
    const server = spawn(process.execPath, [cli, '--config', config, 'serve'], { cwd: work, env: boxEnv });
    let output = '';
    server.stdout.on('data', (d: Buffer) => (output += d.toString()));
    server.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => server.on('exit', (code) => resolve(code)));
    try {
      const port = await new Promise<number>((resolve, reject) => {
        const timer = setInterval(() => {
          const m = /listening at http:\/\/127\.0\.0\.1:(\d+)/i.exec(output);
          if (m) {
            clearInterval(timer);
            resolve(Number(m[1]));
          }
        }, 50);
        server.on('exit', () => {
          clearInterval(timer);
          reject(new Error(`the server exited: ${output}`));
        });
      });
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(ready.status).toBe(200);
      const discovery = await fetch(`http://127.0.0.1:${port}/.well-known/openid-configuration`);
      expect(((await discovery.json()) as { jwks_uri: string }).jwks_uri).toMatch(/\/jwks/);
    } finally {
      server.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  }, 60_000);
});
