import type { ProgressStep } from '@madoguchi/protocol/messages/progress';
import Screen from './Screen';
import { COLORS, CONTENT_WIDTH, SCREEN } from '../theme/theme';
import { textSpec } from '../theme/text';
import { JA, PROGRESS_TEXT } from '../messages/ja';

/** While the card or the server works: what is happening, said aloud, with a moving bar so it never looks frozen. */
export default class Progress extends Screen<{ step: ProgressStep }> {
  static override _template() {
    return {
      ...super._template(),
      Heading: { x: SCREEN.marginX, y: SCREEN.marginY, text: textSpec('heading', JA.progress.heading) },
      Step: { x: SCREEN.marginX, y: SCREEN.marginY + 160 },
      Track: {
        x: SCREEN.marginX,
        y: SCREEN.h / 2 + 120,
        w: CONTENT_WIDTH,
        h: 24,
        rect: true,
        color: COLORS.surface,
        Bar: { w: CONTENT_WIDTH / 4, h: 24, rect: true, color: COLORS.focusFill },
      },
    };
  }

  override _init() {
    this.tag('Step').patch({ text: textSpec('body', PROGRESS_TEXT[this.params.step]) });
    this.tag('Bar')
      .animation({
        duration: 1.6,
        repeat: -1,
        actions: [{ p: 'x', v: { 0: 0, 0.5: (CONTENT_WIDTH * 3) / 4, 1: 0 } }],
      })
      .start();
  }

  override spoken() {
    return PROGRESS_TEXT[this.params.step];
  }
}
