// Cuts Debian's Noto Sans CJK JP Bold down to the characters the app can show: ASCII, kana, Japanese punctuation,
// full-width forms, every character in the app's own sources, and the deployment's names (fonts/extra-characters.txt). Boxes without Japanese fonts would otherwise draw
// nothing at all. Cached by the character set, so a build without new characters costs no time.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';

const SOURCE_FONT = '/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc';
const JP_FACE = '0'; // the JP face inside the collection

const ranges = [
  [0x20, 0x7e], // ASCII
  [0x3000, 0x303f], // Japanese punctuation
  [0x3041, 0x309f], // hiragana
  [0x30a0, 0x30ff], // katakana
  [0xff01, 0xff5e], // full-width forms
  [0x25cb, 0x25cf], // ○ ●
  [0x25b6, 0x25b6], // ▶
];

function sourceText(dir) {
  return readdirSync(dir)
    .flatMap((name) => {
      const file = path.join(dir, name);
      if (statSync(file).isDirectory()) return [sourceText(file)];
      return /\.(ts|json)$/.test(name) ? [readFileSync(file, 'utf8')] : [];
    })
    .join('');
}

/** The deployment's own names (fonts/extra-characters.txt), without its comment lines. */
function extraText(root) {
  const file = path.join(root, 'fonts/extra-characters.txt');
  if (!existsSync(file)) return '';
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => !line.startsWith('#'))
    .join('');
}

/** @param {string} root the tv-app directory @param {string} outFile where the woff goes */
export function subsetFont(root, outFile) {
  const chars = new Set(
    Array.from(sourceText(path.join(root, 'src')) + extraText(root)).filter((c) => c.codePointAt(0) > 0x7e),
  );
  for (const [from, to] of ranges) for (let c = from; c <= to; c++) chars.add(String.fromCodePoint(c));
  const text = [...chars].sort().join('');
  const key = createHash('sha256').update(text).digest('hex').slice(0, 16);
  const cacheDir = path.join(root, '.cache');
  const cached = path.join(cacheDir, `madoguchi-${key}.woff`);
  if (!existsSync(cached)) {
    mkdirSync(cacheDir, { recursive: true });
    const textFile = path.join(cacheDir, `madoguchi-${key}.txt`);
    writeFileSync(textFile, text);
    execFileSync('/usr/bin/python3', [
      '-m',
      'fontTools.subset',
      SOURCE_FONT,
      `--font-number=${JP_FACE}`,
      `--text-file=${textFile}`,
      '--flavor=woff',
      '--layout-features=*',
      '--no-hinting',
      '--desubroutinize',
      `--output-file=${cached}`,
    ]);
  }
  mkdirSync(path.dirname(outFile), { recursive: true });
  copyFileSync(cached, outFile);
  return { file: outFile, glyphs: chars.size, bytes: statSync(outFile).size };
}
