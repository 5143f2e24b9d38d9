import { chromium, type BrowserContext, type CDPSession, type Page } from 'playwright-core';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FakeBridge } from './fake-bridge';
import { KEY_ROWS, keyPosition } from '../../src/widgets/key-layout';
import { startStaticServer } from './static-server';

export const ROOT = path.resolve(__dirname, '../..');
export const ARTIFACTS = path.join(ROOT, 'test-artifacts');

export const KEY = {
  Left: 37,
  Up: 38,
  Right: 39,
  Down: 40,
  Enter: 13,
  Back: 461,
  Red: 403,
  Green: 404,
  Yellow: 405,
  Blue: 406,
  Info: 457,
  digit: (d: number) => 48 + d,
  numpad: (d: number) => 96 + d,
} as const;

export interface Spoken {
  text: string;
  lang: string;
  rate: number;
}

/** Headless Chromium has no voices: record what would be spoken instead. */
function speechRecorder() {
  const spoken: { text: string; lang: string; rate: number }[] = [];
  class RecordedUtterance {
    lang = '';
    rate = 1;
    constructor(public text: string) {}
  }
  Object.assign(window, { __spoken: spoken, SpeechSynthesisUtterance: RecordedUtterance });
  Object.defineProperty(window, 'speechSynthesis', {
    value: {
      speak: (u: RecordedUtterance) => spoken.push({ text: u.text, lang: u.lang, rate: u.rate }),
      cancel: () => {},
    },
  });
}

/** One TV: a fresh Chromium profile, the built app served beside a fake bridge, driven by remote key codes. */
export class Tv {
  keyPresses = 0;
  /** How many utterances there were at the last key press: waitForSpeech looks only at what came after. */
  private spokenAtPress = 0;
  private constructor(
    readonly page: Page,
    private readonly context: BrowserContext,
    /** The DevTools session (CPU throttling, heap) of the page. */
    readonly cdp: CDPSession,
    readonly bridge: FakeBridge,
    readonly server: Awaited<ReturnType<typeof startStaticServer>>,
    private readonly profile: string,
  ) {}

  /** `initScript` runs in the page before the app (e.g. a frame probe for the bench). */
  static async open(setUp: (bridge: FakeBridge) => void = () => {}, initScript?: () => void): Promise<Tv> {
    const bridge = new FakeBridge();
    setUp(bridge);
    await bridge.start();
    const server = await startStaticServer(path.join(ROOT, 'dist'), bridge.url);
    const profile = mkdtempSync(path.join(os.tmpdir(), 'madoguchi-tv-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: '/usr/bin/chromium',
      viewport: { width: 1920, height: 1080 },
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    await context.addInitScript(speechRecorder);
    if (initScript) await context.addInitScript(initScript);
    const page = context.pages()[0] ?? (await context.newPage());
    const cdp = await context.newCDPSession(page);
    await page.goto(server.url);
    const tv = new Tv(page, context, cdp, bridge, server, profile);
    await tv.waitForSpeech('どれを使いますか');
    return tv;
  }

  /** A remote key press, with the keyCode a set-top box sends (colour keys have no Playwright name). */
  async press(keyCode: number): Promise<void> {
    this.keyPresses += 1;
    this.spokenAtPress = (await this.spoken()).length;
    await this.cdp.send('Input.dispatchKeyEvent', {
      type: 'rawKeyDown',
      windowsVirtualKeyCode: keyCode,
      nativeVirtualKeyCode: keyCode,
    });
    await this.cdp.send('Input.dispatchKeyEvent', {
      type: 'keyUp',
      windowsVirtualKeyCode: keyCode,
      nativeVirtualKeyCode: keyCode,
    });
  }

  async typeDigits(digits: string): Promise<void> {
    for (const d of digits) await this.press(KEY.digit(Number(d)));
  }

  /** Types on the on-screen keyboard (focus starts on A) with the arrows and OK, then presses 決定. */
  async typeOnKeyboard(text: string): Promise<void> {
    const at = { row: 0, col: 0 };
    const moveTo = async (to: { row: number; col: number }) => {
      for (; at.row < to.row; at.row++) await this.press(KEY.Down);
      for (; at.row > to.row; at.row--) await this.press(KEY.Up);
      for (; at.col < to.col; at.col++) await this.press(KEY.Right);
      for (; at.col > to.col; at.col--) await this.press(KEY.Left);
    };
    for (const ch of text) {
      await moveTo(keyPosition(ch));
      await this.press(KEY.Enter);
    }
    await moveTo({ row: KEY_ROWS, col: at.col });
    await this.press(KEY.Right); // 決定 is the right half of the bottom row
    await this.press(KEY.Enter);
  }

  spoken(): Promise<Spoken[]> {
    return this.page.evaluate(() => (window as unknown as { __spoken: Spoken[] }).__spoken);
  }

  /** Waits until something containing `text` has been spoken since the last key press; returns that utterance. */
  async waitForSpeech(text: string, timeout = 10000): Promise<Spoken> {
    const handle = await this.page.waitForFunction(
      ({ t, since }) =>
        (window as unknown as { __spoken: Spoken[] }).__spoken.slice(since).find((s) => s.text.includes(t)),
      { t: text, since: this.spokenAtPress },
      { timeout },
    );
    return (await handle.jsonValue()) as Spoken;
  }

  async screenshot(name: string): Promise<Buffer> {
    mkdirSync(ARTIFACTS, { recursive: true });
    // Let the last texture upload reach the canvas before the picture is taken.
    await this.page.waitForTimeout(150);
    return this.page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
  }

  async close(): Promise<void> {
    await this.context.close();
    await this.bridge.stop();
    await this.server.close();
    rmSync(this.profile, { recursive: true, force: true });
  }
}
