#!/usr/bin/env node
// `pnpm bench` for the TV app: builds dist/, bundles test/bench/bench.ts (it drives the built app in Chromium with
// the end-to-end helpers) and runs it. It writes [{ name, unit, median, p99, n, note }] to $BENCH_OUT.
import { execFileSync } from 'node:child_process';
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { stdio: 'inherit' });
// Under node_modules (no linter or formatter looks there; playwright-core and ws resolve from it). The helpers find
// dist/ from their own directory, so the bundle runs as if from there.
const outfile = path.join(root, 'node_modules/.cache/madoguchi-bench/bench.js');
await build({
  entryPoints: [path.join(root, 'test/bench/bench.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['playwright-core', 'ws'],
  tsconfig: path.join(root, 'test/tsconfig.json'),
  define: { __dirname: JSON.stringify(path.join(root, 'test/helpers')) },
  logLevel: 'warning',
});
execFileSync(process.execPath, [outfile], { stdio: 'inherit', env: process.env });
