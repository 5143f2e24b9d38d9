import Lightning from '@lightningjs/core';
import { COLORS } from '../theme/theme';
import { focusRingSpec } from './focus-ring';
import { textHeight, textSpec } from '../theme/text';
import { sentences } from '../messages/ja';

const PAD = 32;

/**
 * A large remote-friendly button. Focus is shown three ways, never by colour alone: a thick white ring, a fill
 * change (yellow with black text) and a ▶ marker before the label.
 */
export default class Button extends Lightning.Component {
  label = '';
  hint = '';
  urgent = false;

  static override _template() {
    return {
      Fill: { rect: true, color: COLORS.surface },
      Marker: { x: PAD / 2, text: textSpec('button', '▶', { color: COLORS.focusText }), visible: false },
      Label: { x: PAD + 40 },
      Hint: { x: PAD + 40 },
      Ring: {},
    };
  }

  /** The height a button of width `w` needs for its label and hint, wrapped at the viewer's text size. */
  static heightFor(label: string, hint: string, w: number): number {
    return Button.heightOf(Button.texts(label, hint, w), hint !== '');
  }

  private static heightOf(texts: ReturnType<typeof Button.texts>, withHint: boolean): number {
    return PAD * 2 + textHeight(texts.label) + (withHint ? textHeight(texts.hint) : 0);
  }

  private static texts(label: string, hint: string, w: number) {
    const width = w - PAD * 2 - 40;
    return { label: textSpec('button', label, { width }), hint: textSpec('body', hint, { width }) };
  }

  override _init() {
    const w = this.w;
    // Drawn once in white and tinted with `color`: a focus change then recolours on the GPU instead of drawing the
    // text again, which keeps a key press within a frame on a slow box.
    const { label, hint } = Button.texts(this.label, this.hint, w);
    const h = Math.max(this.h, Button.heightOf({ label, hint }, this.hint !== ''));
    this.h = h;
    this.patch({
      Fill: { w, h, color: this.urgent ? COLORS.urgent : COLORS.surface },
      Marker: { y: PAD },
      Label: { y: PAD, text: label },
      Hint: { y: PAD + textHeight(label), text: hint, color: COLORS.hint, visible: this.hint !== '' },
      Ring: focusRingSpec(w, h),
    });
  }

  override _focus() {
    this.setFocusLook(true);
    this.fireAncestors('$announceFocus', sentences(this.label, this.hint));
  }

  override _unfocus() {
    this.setFocusLook(false);
  }

  private setFocusLook(on: boolean) {
    this.patch({
      Fill: { color: on ? COLORS.focusFill : this.urgent ? COLORS.urgent : COLORS.surface },
      Marker: { visible: on },
      Label: { color: on ? COLORS.focusText : COLORS.text },
      Hint: { color: on ? COLORS.focusText : COLORS.hint },
      Ring: { visible: on },
    });
  }
}
