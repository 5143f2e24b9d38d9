#!/usr/bin/env node
// `pnpm package`: what an operator deploys, as three tarballs and their checksums. The bridge and the server are
// production installs (`pnpm deploy --prod`: no dev dependencies, so the development-only virtual card is absent),
// laid out so that unpacking in /opt/madoguchi gives the paths their systemd units name.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');

const HELP = `pnpm package — build what an operator deploys

Usage: node scripts/package.mjs [--out DIR] [--no-build]

Writes to DIR (default dist-deploy/):
  madoguchi-tv-app-VERSION.tar.gz        the TV app's static bundle (index.html, app.js, fonts/, settings.json)
  madoguchi-reader-bridge-VERSION.tar.gz the set-top box's bridge: reader-bridge/ with its production node_modules
                                         and deploy/ (systemd unit, example config); unpack in /opt/madoguchi
  madoguchi-auth-server-VERSION.tar.gz   the operator's server, the same way
  SHA256SUMS

Options:
  --out DIR     where the artefacts go (created; old artefacts there are replaced)
  --no-build    package the bridge and server as built already (otherwise tsc -b first); the TV app
                is always built afresh
  --help, -h    this text

The bridge and the server contain native modules (pcsclite, better-sqlite3) built for this machine's Node ABI and
CPU: build the artefacts on the same Debian release and architecture as the boxes and servers (Node 20).`;

function parseArgs(argv) {
  const options = { out: path.join(ROOT, 'dist-deploy'), build: true };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') {
      console.log(HELP);
      process.exit(0);
    } else if (arg === '--no-build') options.build = false;
    else if (arg === '--out' && argv[i + 1]) options.out = path.resolve(argv[++i]);
    else {
      console.error(`unknown or incomplete option: ${arg}\n\n${HELP}`);
      process.exit(2);
    }
  }
  return options;
}

function run(argv, cwd = ROOT) {
  const result = spawnSync(argv[0], argv.slice(1), {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (result.status !== 0) {
    throw new Error(
      `${argv.join(' ')} failed (${result.status ?? result.signal}):\n${result.stderr}${result.stdout}`,
    );
  }
  return result.stdout;
}

/** Reproducible tarballs: sorted, owned by root, dated by the commit (or 0 outside git). */
function tarball(file, cwd, entries, mtime) {
  run(
    ['tar', '--sort=name', '--owner=0', '--group=0', '--numeric-owner', `--mtime=@${mtime}`, '-czf', file]
      .concat(['-C', cwd])
      .concat(entries),
  );
}

function commitTime() {
  const r = spawnSync('git', ['log', '-1', '--format=%ct'], { cwd: ROOT, encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim() ? r.stdout.trim() : '0';
}

function main() {
  const options = parseArgs(process.argv.slice(2));
  const version = JSON.parse(readFileSync(path.join(ROOT, 'reader-bridge/package.json'), 'utf8')).version;
  const mtime = commitTime();
  const staging = path.join(options.out, '.staging');
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  const step = (line) => console.log(`• ${line}`);

  if (options.build) {
    step('Building the workspace (tsc -b)');
    run(['pnpm', 'exec', 'tsc', '-b']);
  }

  const artefacts = [];
  step('TV app: the static bundle (esbuild, subset font)');
  // Built straight into staging: never a half-written tv-app/dist of a concurrent build. The source map stays out.
  const tv = path.join(staging, 'tv-app');
  run([process.execPath, 'tv-app/scripts/build.mjs', tv]);
  rmSync(path.join(tv, 'app.js.map'));
  artefacts.push(`madoguchi-tv-app-${version}.tar.gz`);
  tarball(path.join(options.out, artefacts.at(-1)), staging, ['tv-app'], mtime);

  for (const name of ['reader-bridge', 'auth-server']) {
    step(`${name}: production install (pnpm deploy --prod)`);
    run(['pnpm', '--filter', `@madoguchi/${name}`, 'deploy', '--legacy', '--prod', path.join(staging, name)]);
    artefacts.push(`madoguchi-${name}-${version}.tar.gz`);
    tarball(path.join(options.out, artefacts.at(-1)), staging, [name], mtime);
  }

  const sums = artefacts
    .map(
      (file) =>
        `${createHash('sha256')
          .update(readFileSync(path.join(options.out, file)))
          .digest('hex')}  ${file}`,
    )
    .join('\n');
  writeFileSync(path.join(options.out, 'SHA256SUMS'), `${sums}\n`);
  rmSync(staging, { recursive: true, force: true });
  step(`Done: ${options.out}`);
  for (const file of readdirSync(options.out)) console.log(`  ${file}`);
}

try {
  main();
} catch (error) {
  console.error(`package: ${error.message}`);
  process.exit(1);
}
