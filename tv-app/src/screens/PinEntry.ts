import type { PinNeeded } from '@madoguchi/protocol/messages/pin';
import Screen from './Screen';
import KeyGrid from '../widgets/KeyGrid';
import { COLORS, SCREEN } from '../theme/theme';
import { textSpec } from '../theme/text';
import { digitOf } from '../keys/key-maps';
import { ERROR_TEXT, JA, sentences } from '../messages/ja';

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
      Heading: { x: SCREEN.marginX, y: SCREEN.marginY },
      Reason: { x: SCREEN.marginX, y: SCREEN.marginY + 110 },
      Tries: { x: SCREEN.marginX, y: SCREEN.marginY + 190 },
      Dots: { x: SCREEN.marginX, y: SCREEN.marginY + 280 },
      Hint: { x: SCREEN.marginX, y: SCREEN.marginY + 450 },
      Keys: {
        type: KeyGrid,
        x: SCREEN.marginX,
        y: SCREEN.marginY + 420,
        visible: false,
        signals: { key: true, erase: true, done: true },
      },
    };
  }

  private get isSign(): boolean {
    return this.params.pin.pinKind === 'sign';
  }

  override _init() {
    const { pin } = this.params;
    this.patch({
      Heading: { text: textSpec('heading', this.isSign ? JA.pin.signHeading : JA.pin.authHeading) },
      Reason: {
        text: textSpec('body', this.reason(), { color: COLORS.hint }),
        visible: this.reason() !== '',
      },
      Tries: { text: textSpec('body', JA.pin.triesLeft(pin.triesLeft), { color: COLORS.hint }) },
      Hint: {
        text: textSpec('body', `${this.isSign ? JA.pin.signHint : JA.pin.authHint}\n${JA.pin.backHint}`, {
          color: COLORS.hint,
        }),
        visible: !this.isSign,
      },
    });
    this.renderDots();
    this._setState(this.isSign ? 'Keyboard' : 'Digits');
  }

  private reason(): string {
    const r = this.params.pin.retryReason;
    return r === 'PIN_WRONG' || r === 'PIN_FORMAT' ? ERROR_TEXT[r].sentence : '';
  }

  override spoken() {
    const heading = this.isSign ? JA.pin.signHeading : JA.pin.authHeading;
    const hint = this.isSign ? JA.pin.signHint : JA.pin.authHint;
    return sentences(this.reason(), heading, JA.pin.triesLeft(this.params.pin.triesLeft), hint);
  }

  /** The number of characters typed so far (the PIN itself never leaves this component except on submit). */
  get length(): number {
    return this.typed.length;
  }

  private renderDots() {
    const { maxLength, minLength } = this.params.pin;
    // Digits: a fixed row of ○ filled with ●. Sign PIN: only ● for what was typed (its length varies).
    const empty = this.isSign
      ? ''
      : '○'.repeat(Math.max(0, Math.min(maxLength, minLength) - this.typed.length));
    this.tag('Dots').patch({ text: textSpec('pin', `${'●'.repeat(this.typed.length)}${empty}` || ' ') });
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
