import Lightning from '@lightningjs/core';
import { COLORS } from '../theme/theme';
import { focusRingSpec } from './focus-ring';
import { textSpec } from '../theme/text';
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

  /** The height a button needs for one line of label (and one of hint) at the viewer's text size. */
  static heightFor(hasHint: boolean): number {
    return PAD * 2 + textSpec('button', '').lineHeight + (hasHint ? textSpec('body', '').lineHeight : 0);
  }

  override _init() {
    const w = this.w;
    const label = textSpec('button', this.label, { width: w - PAD * 2 - 40 });
    // Drawn once in white and tinted with `color`: a focus change then recolours on the GPU instead of drawing the
    // text again, which keeps a key press within a frame on a slow box.
    const hint = textSpec('body', this.hint, { width: w - PAD * 2 - 40 });
    const h = Math.max(this.h, Button.heightFor(this.hint !== ''));
    this.h = h;
    this.patch({
      Fill: { w, h, color: this.urgent ? COLORS.urgent : COLORS.surface },
      Marker: { y: PAD },
      Label: { y: PAD, text: label },
      Hint: { y: PAD + label.lineHeight, text: hint, color: COLORS.hint, visible: this.hint !== '' },
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
