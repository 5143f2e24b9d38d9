#!/usr/bin/env node
// Builds dist/: index.html, app.js (one IIFE for Chromium 69-class set-top-box browsers), settings.json and the
// subset font. Types are checked separately (`pnpm typecheck`): esbuild only strips them. An argument builds
// elsewhere (scripts/package.mjs builds straight into its staging directory).
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compiledBridgeCheck } from './compiled-check.mjs';
import { subsetFont } from './subset-font.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = process.argv[2] ? path.resolve(process.argv[2]) : path.join(root, 'dist');
mkdirSync(dist, { recursive: true });

const started = Date.now();
await build({
  entryPoints: [path.join(root, 'src/index.ts')],
  outfile: path.join(dist, 'app.js'),
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: ['es2017', 'chrome69'],
  minify: true,
  // Lightning names states after their classes (`_setState('Digits')`): minified names would break them.
  keepNames: true,
  sourcemap: true,
  legalComments: 'none',
  tsconfig: path.join(root, 'tsconfig.json'),
  logLevel: 'warning',
  plugins: [compiledBridgeCheck(root)],
});
for (const file of ['index.html', 'settings.json'])
  copyFileSync(path.join(root, 'public', file), path.join(dist, file));
const font = subsetFont(root, path.join(dist, 'fonts/madoguchi.woff'));
console.log(
  `tv-app: built ${path.relative(process.cwd(), dist) || '.'} in ${Date.now() - started} ms (font: ${font.glyphs} characters, ${font.bytes} bytes)`,
);
