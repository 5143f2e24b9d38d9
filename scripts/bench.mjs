#!/usr/bin/env node
// `pnpm bench`: runs every workspace package's `bench` script, side by side in one run, and writes one JSON
// (.bench/results.json) and one table. Each package bench writes its rows to the file named by BENCH_OUT:
// [{ name, unit, median, p99, n, note? }].
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
if (process.argv.includes('--help')) {
  console.log(
    'usage: pnpm bench\n\nRuns every package benchmark and writes .bench/results.json plus a table.',
  );
  process.exit(0);
}
const outDir = path.join(root, '.bench');
mkdirSync(outDir, { recursive: true });

const packages = JSON.parse(
  execFileSync('pnpm', ['-r', 'ls', '--depth', '-1', '--json'], { cwd: root, encoding: 'utf8' }),
);
const results = [];
let failed = false;
for (const pkg of packages) {
  const manifest = JSON.parse(readFileSync(path.join(pkg.path, 'package.json'), 'utf8'));
  if (pkg.path === root || !manifest.scripts?.bench) continue; // the root bench is this script
  const out = path.join(outDir, `${pkg.name.replace(/[@/]/g, '_')}.json`);
  console.error(`== bench ${pkg.name}`);
  const r = spawnSync('pnpm', ['run', '-s', 'bench'], {
    cwd: pkg.path,
    stdio: 'inherit',
    env: { ...process.env, BENCH_OUT: out },
  });
  if (r.status !== 0 || !existsSync(out)) {
    failed = true;
    console.error(`bench ${pkg.name} failed (exit ${r.status})`);
    continue;
  }
  for (const row of JSON.parse(readFileSync(out, 'utf8'))) results.push({ package: pkg.name, ...row });
}
const report = {
  date: new Date().toISOString(),
  node: process.version,
  cpus: (await import('node:os')).cpus().length,
  results,
};
writeFileSync(path.join(outDir, 'results.json'), JSON.stringify(report, null, 2));
console.log(JSON.stringify(report));
console.log('');
const cols = ['package', 'name', 'median', 'p99', 'unit', 'n', 'note'];
const cells = [cols, ...results.map((r) => cols.map((c) => String(r[c] ?? '')))];
const widths = cols.map((_, i) => Math.max(...cells.map((row) => row[i].length)));
for (const row of cells) console.log(row.map((c, i) => c.padEnd(widths[i])).join('  '));
process.exit(failed ? 1 : 0);
