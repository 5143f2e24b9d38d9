import Screen from './Screen';
import Menu, { type MenuItem } from '../widgets/Menu';
import { COLORS, CONTENT_WIDTH, SCREEN } from '../theme/theme';
import { textSpec } from '../theme/text';
import { sentences } from '../messages/ja';
import { stackTexts } from './stack-texts';

export interface MessageParams {
  heading: string;
  body?: string[];
  /** One thing shown very large: a queue number, a pass's validity. */
  big?: string;
  actions: MenuItem[];
  onSelect(id: string): void;
}

/**
 * One decision per screen: a heading, a few plain sentences, and the choices. Notices, confirmations, consents and
 * results all use it, so they look and sound the same everywhere.
 */
export default class Message extends Screen<MessageParams> {
  static override _template() {
    return {
      ...super._template(),
      Heading: { x: SCREEN.marginX, y: SCREEN.marginY },
      Body: { x: SCREEN.marginX },
      Big: { x: SCREEN.marginX },
      Actions: {
        type: Menu,
        x: SCREEN.marginX,
        w: CONTENT_WIDTH,
        columns: 1,
        itemHeight: 130,
        signals: { select: true },
      },
    };
  }

  override _init() {
    const { heading, body = [], big, actions } = this.params;
    const headingText = textSpec('heading', heading);
    const bodyText = textSpec('body', body.join('\n'), { color: COLORS.hint });
    const bigText = textSpec('pin', big ?? '');
    const y = stackTexts(this, SCREEN.marginY, [
      ['Heading', headingText],
      ['Body', bodyText],
      ['Big', bigText],
    ]);
    // A long list (shelters, linked services) scrolls within the screen rather than running off its bottom.
    this.tag('Actions').patch({
      y: y + 16,
      maxHeight: SCREEN.h - SCREEN.marginY / 2 - (y + 16),
      items: actions,
    });
  }

  override spoken() {
    const { heading, body = [], big } = this.params;
    return sentences(heading, ...body, big);
  }

  override _getFocused() {
    return this.tag('Actions');
  }

  select(id: string) {
    this.params.onSelect(id);
  }
}
