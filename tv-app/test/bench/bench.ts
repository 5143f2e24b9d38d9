import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { KEY, ROOT, Tv } from '../helpers/tv';

/**
 * `pnpm bench` rows for the TV app (scripts/bench.mjs bundles and runs this): what a box downloads, how fast the
 * first screen appears, how fast a key press shows on a slow CPU, and the memory after every screen was visited.
 */
interface Row {
  name: string;
  unit: string;
  median: number;
  p99: number;
  n: number;
  note?: string;
}

const round = (v: number, digits = 1) => Math.round(v * 10 ** digits) / 10 ** digits;
const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
};
const row = (name: string, unit: string, values: number[], note?: string): Row => ({
  name,
  unit,
  median: round(quantile(values, 0.5)),
  p99: round(quantile(values, 0.99)),
  n: values.length,
  ...(note ? { note } : {}),
});

/**
 * In the page, before the app: the end of the first frame at which every visible text is drawn. Lightning draws in
 * its own requestAnimationFrame callback, so the time is taken right after that callback returns.
 */
function firstFrameProbe() {
  type El = { visible: boolean; childList: { length: number; getAt(i: number): El }; texture?: Tex };
  type Tex = { text?: string; isLoaded(): boolean };
  const w = window as unknown as { madoguchi?: { app: { stage: { root: El } } }; __firstFrame?: number };
  const allDrawn = (el: El): boolean => {
    if (!el.visible) return true;
    if (el.texture?.text && !el.texture.isLoaded()) return false;
    for (let i = 0; i < el.childList.length; i++) if (!allDrawn(el.childList.getAt(i))) return false;
    return true;
  };
  const hasText = (el: El): boolean =>
    Boolean(el.texture?.text) ||
    Array.from({ length: el.childList.length }, (_, i) => el.childList.getAt(i)).some(hasText);
  const raf = window.requestAnimationFrame.bind(window);
  window.requestAnimationFrame = (callback) =>
    raf((t) => {
      callback(t);
      const root = w.madoguchi?.app.stage.root;
      if (w.__firstFrame === undefined && root && hasText(root) && allDrawn(root))
        w.__firstFrame = performance.now();
    });
}

async function firstFrames(runs: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const tv = await Tv.open(() => {}, firstFrameProbe);
    const handle = await tv.page.waitForFunction(() => (window as { __firstFrame?: number }).__firstFrame);
    times.push((await handle.jsonValue()) as number);
    await tv.close();
  }
  return times;
}

/** Focus moves on Home (each press moves, so each draws a frame), from the key event to the end of that frame. */
async function keyToFrame(tv: Tv, presses: number): Promise<number[]> {
  await tv.page.evaluate(() => {
    const w = window as unknown as {
      madoguchi: { app: { stage: { on(e: string, f: () => void): void } } };
      __keyToFrame: number[];
    };
    w.__keyToFrame = [];
    let pressedAt: number | undefined;
    window.addEventListener('keydown', (e) => (pressedAt = e.timeStamp), true);
    w.madoguchi.app.stage.on('frameEnd', () => {
      if (pressedAt === undefined) return;
      w.__keyToFrame.push(performance.now() - pressedAt);
      pressedAt = undefined;
    });
  });
  await tv.cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  const cycle = [KEY.Right, KEY.Down, KEY.Left, KEY.Up];
  for (let i = 0; i < presses; i++) {
    await tv.press(cycle[i % cycle.length]!);
    await tv.page.waitForFunction(
      (n) => (window as unknown as { __keyToFrame: number[] }).__keyToFrame.length > n,
      i,
    );
  }
  await tv.cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  return tv.page.evaluate(() => (window as unknown as { __keyToFrame: number[] }).__keyToFrame);
}

/** Every screen once: each service to its result, the sign PIN keyboard, my card and its links, settings. */
async function visitEveryScreen(tv: Tv): Promise<void> {
  const step = async (keys: number[], speech: string) => {
    for (const k of keys) await tv.press(k);
    await tv.waitForSpeech(speech);
  };
  const pin = KEY.digit(1);
  await step([KEY.Red], '暗証番号');
  await step([pin, KEY.digit(2), KEY.digit(3), KEY.digit(4)], 'いま、どうしていますか');
  await step([KEY.Enter], 'いま、どこにいますか');
  await step([KEY.Enter], '市に知らせました');
  await step([KEY.Enter], 'どれを使いますか');
  for (const color of [KEY.Yellow, KEY.Blue]) {
    await step([color], '暗証番号');
    await step([pin, KEY.digit(2), KEY.digit(3), KEY.digit(4)], 'ホームに戻る');
    await step([KEY.Enter], 'どれを使いますか');
  }
  await step([KEY.Green], 'だれの住民票');
  await step([KEY.Enter], '何通');
  await step([KEY.Enter], '何に使いますか');
  await step([KEY.Enter], 'この内容に署名します');
  await step([KEY.Enter], '暗証番号');
  await step([pin, KEY.digit(2), KEY.digit(3), KEY.digit(4)], '署名用の暗証番号');
  await tv.typeOnKeyboard(tv.bridge.signPin);
  await tv.waitForSpeech('申請しました');
  await step([KEY.Enter], 'どれを使いますか');
  await step([KEY.Down, KEY.Down, KEY.Enter], 'わたしのカード');
  await step([KEY.Enter], '暗証番号');
  await step([pin, KEY.digit(2), KEY.digit(3), KEY.digit(4)], 'つながっているサービス');
  await step([KEY.Enter], 'つながりを外しますか');
  await step([KEY.Back], 'つながっているサービス');
  await step([KEY.Back], 'わたしのカード');
  await step([KEY.Back], 'どれを使いますか');
  await step([KEY.Down, KEY.Down, KEY.Right, KEY.Enter], '設定');
  await step([KEY.Back], 'どれを使いますか');
}

async function heapAfterEveryScreen(tv: Tv): Promise<number> {
  await visitEveryScreen(tv);
  await tv.cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = (await tv.cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  return usedSize / (1024 * 1024);
}

async function main(): Promise<void> {
  const out = process.env.BENCH_OUT;
  if (!out) throw new Error('BENCH_OUT is not set (run through the root `pnpm bench`)');
  const kb = (bytes: number) => bytes / 1024;
  const rows: Row[] = [
    row(
      'bundle gzipped',
      'KB',
      [kb(gzipSync(readFileSync(path.join(ROOT, 'dist/app.js')), { level: 9 }).length)],
      'goal ≤ 150 KB',
    ),
    row(
      'font subset (woff)',
      'KB',
      [kb(statSync(path.join(ROOT, 'dist/fonts/madoguchi.woff')).size)],
      'goal ≤ 300 KB',
    ),
    row('first frame, Home drawn (headless, software GL)', 'ms', await firstFrames(5)),
  ];
  const tv = await Tv.open();
  try {
    const delays = await keyToFrame(tv, 60);
    rows.push(
      row(
        'key press to frame, 4× CPU throttle',
        'ms',
        delays,
        `p95 ${round(quantile(delays, 0.95))} ms; goal p95 ≤ 50 ms`,
      ),
    );
    rows.push(row('JS heap after every screen', 'MB', [await heapAfterEveryScreen(tv)], 'goal ≤ 30 MB'));
  } finally {
    await tv.close();
  }
  writeFileSync(out, JSON.stringify(rows, null, 2));
  console.table(rows);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
