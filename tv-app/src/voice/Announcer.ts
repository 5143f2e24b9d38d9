import { preferences } from '../settings/preferences';
import { sentences } from '../messages/ja';

/** Announcements this close together are one: a new screen and its focused item, or fast key presses. */
const GATHER_MS = 30;

/**
 * The one voice of the app. The SDK's announcer is hard-wired to en-US; this one speaks ja-JP at the viewer's rate.
 * A screen's sentence and the focused item's name arrive in the same key press; they are joined and spoken once, so
 * the viewer hears the whole situation and a new key press cuts old speech short.
 */
export default class Announcer {
  private screenText = '';
  private focusText = '';
  private pending: ReturnType<typeof setTimeout> | undefined;
  private last = '';

  constructor(private readonly synth: SpeechSynthesis | undefined = globalThis.speechSynthesis) {}

  /** A new screen: what it is and what to do. */
  screen(text: string): void {
    this.screenText = text;
    this.focusText = '';
    this.schedule();
  }

  /** The focused item changed. */
  focus(text: string): void {
    this.focusText = text;
    this.schedule();
  }

  /** Something that happened on the same screen (a digit entered, a step reached). */
  say(text: string): void {
    this.screenText = text;
    this.focusText = '';
    this.schedule();
  }

  /** The repeat key: the last full announcement again. */
  repeat(): void {
    this.speak(this.last);
  }

  /** What was last spoken (for the repeat key and for tests). */
  get lastSpoken(): string {
    return this.last;
  }

  private schedule(): void {
    if (this.pending !== undefined) clearTimeout(this.pending);
    this.pending = setTimeout(() => {
      this.pending = undefined;
      const text = sentences(this.screenText, this.focusText);
      this.screenText = '';
      this.focusText = '';
      this.last = text;
      this.speak(text);
    }, GATHER_MS);
  }

  private speak(text: string): void {
    const prefs = preferences();
    if (!text || !this.synth || !prefs.voice || typeof SpeechSynthesisUtterance === 'undefined') return;
    this.synth.cancel();
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = 'ja-JP';
    utterance.rate = prefs.voiceRate;
    this.synth.speak(utterance);
  }
}
