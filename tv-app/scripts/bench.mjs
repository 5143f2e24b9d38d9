#!/usr/bin/env node
// `pnpm bench` rows for the TV app: what a set-top box downloads (gzipped bundle, subset font). Writes
// [{ name, unit, median, p99, n, note }] to $BENCH_OUT. Sizes are exact, so median = p99 and n = 1.
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { stdio: 'inherit' });
const kb = (bytes) => Math.round((bytes / 1024) * 10) / 10;
const size = (name, bytes, note) => ({ name, unit: 'KB', median: kb(bytes), p99: kb(bytes), n: 1, note });
const rows = [
  size(
    'bundle gzipped',
    gzipSync(readFileSync(path.join(root, 'dist/app.js')), { level: 9 }).length,
    'goal ≤ 150 KB',
  ),
  size('font subset (woff)', statSync(path.join(root, 'dist/fonts/madoguchi.woff')).size, 'goal ≤ 300 KB'),
];
const out = process.env.BENCH_OUT;
if (!out) throw new Error('BENCH_OUT is not set (run through the root `pnpm bench`)');
writeFileSync(out, JSON.stringify(rows, null, 2));
console.log(rows);
