import Screen from './Screen';
import Menu, { type MenuItem } from '../widgets/Menu';
import { COLORS, CONTENT_WIDTH, SCREEN } from '../theme/theme';
import { textSpec } from '../theme/text';
import { sentences } from '../messages/ja';

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
    this.patch({ Heading: { text: headingText } });
    // Lay out top to bottom from the rendered heights (wrapping depends on the text size setting).
    let y = SCREEN.marginY;
    const place = (ref: string, spec: { lineHeight: number; text: string }, lines: number) => {
      this.tag(ref).patch({ y, text: spec, visible: spec.text !== '' });
      if (spec.text !== '') y += spec.lineHeight * lines + 32;
    };
    place('Heading', headingText, estimateLines(headingText));
    place('Body', bodyText, estimateLines(bodyText));
    place('Big', bigText, 1);
    this.tag('Actions').patch({ y: y + 16, items: actions });
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

/** Lines a text will take, estimated from full-width characters per line (text is mostly Japanese). */
function estimateLines(spec: { text: string; fontSize: number; wordWrapWidth: number }): number {
  const perLine = Math.max(1, Math.floor(spec.wordWrapWidth / spec.fontSize));
  return spec.text
    .split('\n')
    .reduce((n, line) => n + Math.max(1, Math.ceil(Array.from(line).length / perLine)), 0);
}
