import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type CDPSession, type Page } from 'playwright-core';

interface Spoken {
  text: string;
  lang: string;
}

/** Headless Chromium has no voices: record what would be spoken (tv-app/test/helpers/tv.ts does the same). */
function speechRecorder() {
  const spoken: { text: string; lang: string }[] = [];
  class RecordedUtterance {
    lang = '';
    rate = 1;
    constructor(public text: string) {}
  }
  Object.assign(globalThis, { __spoken: spoken, SpeechSynthesisUtterance: RecordedUtterance });
  Object.defineProperty(globalThis, 'speechSynthesis', {
    value: { speak: (u: RecordedUtterance) => spoken.push({ text: u.text, lang: u.lang }), cancel: () => {} },
  });
}

/**
 * The real TV app at `url` in Debian's Chromium with the flags the tv-app's own e2e suite uses (fresh profile, no
 * background traffic), driven by remote key codes through the DevTools protocol and observed through its speech.
 */
/** OK on the remote (Enter on a keyboard). */
const ENTER = 13;

export class BrowserTv {
  keyPresses = 0;
  /** WebSocket connections of the page that the bridge has answered (its card state comes first on each). */
  bridgeConnections = 0;
  #spokenAtPress = 0;

  private constructor(
    readonly page: Page,
    private readonly context: BrowserContext,
    private readonly cdp: CDPSession,
    private readonly profile: string,
  ) {}

  /** `onFrame` records every WebSocket frame the page sends and receives (the TV⇄bridge wire). */
  static async open(
    url: string,
    options: { onFrame?: (direction: 'to-bridge' | 'from-bridge', text: string) => void } = {},
  ): Promise<BrowserTv> {
    const profile = mkdtempSync(path.join(os.tmpdir(), 'madoguchi-stack-tv-'));
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
    const page = context.pages()[0] ?? (await context.newPage());
    const tv = new BrowserTv(page, context, await context.newCDPSession(page), profile);
    const { onFrame } = options;
    page.on('websocket', (ws) => {
      ws.once('framereceived', () => (tv.bridgeConnections += 1));
      if (!onFrame) return;
      ws.on('framesent', (f) => onFrame('to-bridge', f.payload.toString()));
      ws.on('framereceived', (f) => onFrame('from-bridge', f.payload.toString()));
    });
    await page.goto(url);
    return tv;
  }

  async press(keyCode: number): Promise<void> {
    this.keyPresses += 1;
    this.#spokenAtPress = (await this.spoken()).length;
    for (const type of ['rawKeyDown', 'keyUp'] as const) {
      await this.cdp.send('Input.dispatchKeyEvent', {
        type,
        windowsVirtualKeyCode: keyCode,
        nativeVirtualKeyCode: keyCode,
      });
    }
  }

  async typeDigits(digits: string): Promise<void> {
    for (const d of digits) await this.press(48 + Number(d));
  }

  /**
   * From Home, the elderly viewer's safety report: 防災 (focused first), the PIN when one is asked (`pin`; none when
   * a recent login is reused), 「無事です」, 「自宅」, until the TV says the city has it.
   */
  async reportSafeAtHome(pin?: string): Promise<void> {
    await this.waitForSpeech('どれを使いますか');
    await this.press(ENTER);
    if (pin !== undefined) {
      await this.waitForSpeech('暗証番号を入れてください', 30_000);
      await this.typeDigits(pin); // a complete 4-digit PIN goes by itself
    }
    await this.waitForSpeech('いま、どうしていますか', 30_000);
    await this.finishSafeAtHome();
  }

  /** From the report's first question: 「無事です」, 「自宅」, until the TV says the city has it. */
  async finishSafeAtHome(): Promise<void> {
    await this.press(ENTER); // 無事です
    await this.waitForSpeech('いま、どこにいますか');
    await this.press(ENTER); // 自宅
    await this.waitForSpeech('市に知らせました');
  }

  spoken(): Promise<Spoken[]> {
    return this.page.evaluate(() => (globalThis as unknown as { __spoken: Spoken[] }).__spoken);
  }

  /** Waits until something containing `text` is spoken after the last key press. */
  async waitForSpeech(text: string, timeout = 15_000): Promise<Spoken> {
    try {
      const handle = await this.page.waitForFunction(
        ({ t, since }) =>
          (globalThis as unknown as { __spoken: Spoken[] }).__spoken
            .slice(since)
            .find((s) => s.text.includes(t)),
        { t: text, since: this.#spokenAtPress },
        { timeout },
      );
      return (await handle.jsonValue()) as Spoken;
    } catch (error) {
      const said = (await this.spoken()).map((s) => s.text).join('\n  ');
      throw new Error(`"${text}" was not spoken within ${timeout} ms; spoken so far:\n  ${said}`, {
        cause: error,
      });
    }
  }

  /** Waits until the page has had `count` answered bridge connections (its own reconnection after a restart). */
  async waitForBridgeConnections(count: number, timeout = 30_000): Promise<void> {
    const until = Date.now() + timeout;
    while (this.bridgeConnections < count) {
      if (Date.now() > until) throw new Error(`the TV did not reconnect to the bridge within ${timeout} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async close(): Promise<void> {
    await this.context.close();
    rmSync(this.profile, { recursive: true, force: true });
  }
}
