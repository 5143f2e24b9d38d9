import type { PinNeeded } from '@madoguchi/protocol/messages/pin';
import Screen from './Screen';
import KeyGrid from '../widgets/KeyGrid';
import { COLORS, SCREEN } from '../theme/theme';
import { textSpec } from '../theme/text';
import { stackTexts } from './stack-texts';
import { digitOf } from '../keys/key-maps';
import { ERROR_TEXT, JA, sentences } from '../messages/ja';

/** What each PIN screen says it is for: every kind of PIN the bridge may ask has its own heading and hint. */
const PIN_TEXTS: Record<PinNeeded['pinKind'], { heading: string; hint: string }> = {
  auth: { heading: JA.pin.authHeading, hint: JA.pin.authHint },
  sign: { heading: JA.pin.signHeading, hint: JA.pin.signHint },
  cardInfo: { heading: JA.pin.cardInfoHeading, hint: JA.pin.cardInfoHint },
};

export interface PinEntryParams {
  pin: PinNeeded;
  onSubmit(pin: string): void;
  /** Back with nothing typed: the viewer leaves the PIN (the operation is cancelled, no try used). */
  onLeave(): void;
}

/**
 * PIN entry. The 4-digit PINs come from the remote's digit keys; the signature PIN (letters and digits) from the
 * on-screen keyboard. Typed characters are only ever shown as ● and counted aloud, never spoken. Back clears one
 * character, then leaves.
 */
export default class PinEntry extends Screen<PinEntryParams> {
  private typed = '';

  static override _template() {
    return {
      ...super._template(),
      Heading: { x: SCREEN.marginX },
      Reason: { x: SCREEN.marginX },
      Tries: { x: SCREEN.marginX },
      Dots: { x: SCREEN.marginX },
      Hint: { x: SCREEN.marginX },
      Keys: {
        type: KeyGrid,
        x: SCREEN.marginX,
        visible: false,
        signals: { key: true, erase: true, done: true },
      },
    };
  }

  private get isSign(): boolean {
    return this.params.pin.pinKind === 'sign';
  }

  private get heading(): string {
    return PIN_TEXTS[this.params.pin.pinKind].heading;
  }

  private get hint(): string {
    return PIN_TEXTS[this.params.pin.pinKind].hint;
  }

  override _init() {
    const { pin } = this.params;
    const y = stackTexts(this, SCREEN.marginY, [
      ['Heading', textSpec('heading', this.heading)],
      ['Reason', textSpec('body', this.reason(), { color: COLORS.hint })],
      ['Tries', textSpec('body', JA.pin.triesLeft(pin.triesLeft), { color: COLORS.hint })],
      ['Dots', this.dotsSpec()],
    ]);
    // Digits: the hint below the ●. Signature PIN: the keyboard there instead.
    stackTexts(this, y, [
      [
        'Hint',
        textSpec('body', this.isSign ? '' : `${this.hint}\n${JA.pin.backHint}`, { color: COLORS.hint }),
      ],
    ]);
    this.tag('Keys').y = y;
    this._setState(this.isSign ? 'Keyboard' : 'Digits');
  }

  private reason(): string {
    const r = this.params.pin.retryReason;
    return r === 'PIN_WRONG' || r === 'PIN_FORMAT' ? ERROR_TEXT[r].sentence : '';
  }

  override spoken() {
    return sentences(this.reason(), this.heading, JA.pin.triesLeft(this.params.pin.triesLeft), this.hint);
  }

  /** The number of characters typed so far (the PIN itself never leaves this component except on submit). */
  get length(): number {
    return this.typed.length;
  }

  /**
   * Digits: a fixed row of large ○ filled with ●. Sign PIN: only ● for what was typed (its length varies), at body
   * size so the keyboard below fits the screen at every text size.
   */
  private dotsSpec() {
    const { maxLength, minLength } = this.params.pin;
    const empty = this.isSign
      ? ''
      : '○'.repeat(Math.max(0, Math.min(maxLength, minLength) - this.typed.length));
    return textSpec(this.isSign ? 'body' : 'pin', `${'●'.repeat(this.typed.length)}${empty}` || ' ');
  }

  private renderDots() {
    this.tag('Dots').patch({ text: this.dotsSpec() });
  }

  typeChar(ch: string) {
    if (this.typed.length >= this.params.pin.maxLength) return;
    this.typed += ch;
    this.renderDots();
    const { minLength, maxLength } = this.params.pin;
    // A fixed-length PIN goes as soon as it is complete: one key press fewer for the viewer.
    if (minLength === maxLength && this.typed.length === maxLength) this.submit();
    else this.fireAncestors('$announce', JA.pin.entered(this.typed.length));
  }

  erase(): boolean {
    if (this.typed === '') return false;
    this.typed = this.typed.slice(0, -1);
    this.renderDots();
    this.fireAncestors('$announce', JA.pin.cleared);
    return true;
  }

  submit() {
    if (this.typed.length < this.params.pin.minLength) return;
    const pin = this.typed;
    this.typed = '';
    this.params.onSubmit(pin);
  }

  _handleDigit(e: KeyboardEvent) {
    this.typeChar(String(digitOf(e.keyCode)));
  }

  override _handleBack() {
    if (!this.erase()) this.params.onLeave();
  }

  static override _states(): (typeof PinEntry)[] {
    return [
      class Digits extends this {
        override _handleEnter() {
          this.submit();
        }
      },
      class Keyboard extends this {
        override $enter() {
          this.tag('Keys').visible = true;
        }
        override _getFocused() {
          return this.tag('Keys');
        }
        key(ch: string) {
          this.typeChar(ch);
        }
        done() {
          this.submit();
        }
      },
    ];
  }
}
