import Lightning from '@lightningjs/core';
import { COLORS, SCREEN } from '../theme/theme';

/**
 * What every screen shares: the parameters it was opened with, and the sentence the App announces when it appears
 * (heading first, then what to do), so no screen is ever silent.
 */
export default class Screen<P = unknown> extends Lightning.Component {
  override params!: P;

  static override _template(): Lightning.Component.Template<Lightning.Component.TemplateSpecLoose> {
    return {
      w: SCREEN.w,
      h: SCREEN.h,
      Background: { rect: true, w: SCREEN.w, h: SCREEN.h, color: COLORS.background },
    };
  }

  /** The screen's own announcement; the focused item's name follows it. */
  spoken(): string {
    return '';
  }
}
