import Screen from './Screen';
import Menu, { type MenuItem } from '../widgets/Menu';
import { CONTENT_WIDTH, COLORS, SCREEN } from '../theme/theme';
import { textSpec } from '../theme/text';
import { JA, sentences } from '../messages/ja';
import { stackTexts } from './stack-texts';

export type HomeChoice = 'disaster' | 'city' | 'hospital' | 'transport' | 'myCard' | 'settings';

/** Colour keys reach the four services from Home in one press; disaster safety is also the first, focused item. */
export const COLOR_KEYS = { Red: 'disaster', Green: 'city', Yellow: 'hospital', Blue: 'transport' } as const;

const ITEMS: MenuItem[] = [
  { id: 'disaster', label: JA.services.disaster, hint: JA.colorKey.Red, urgent: true },
  { id: 'city', label: JA.services.city, hint: JA.colorKey.Green },
  { id: 'hospital', label: JA.services.hospital, hint: JA.colorKey.Yellow },
  { id: 'transport', label: JA.services.transport, hint: JA.colorKey.Blue },
  { id: 'myCard', label: JA.services.myCard },
  { id: 'settings', label: JA.services.settings },
];

export default class Home extends Screen<{ onSelect(choice: HomeChoice): void }> {
  static override _template() {
    return {
      ...super._template(),
      Heading: { x: SCREEN.marginX },
      Hint: { x: SCREEN.marginX },
      Items: {
        type: Menu,
        x: SCREEN.marginX,
        w: CONTENT_WIDTH,
        columns: 2,
        items: ITEMS,
        signals: { select: true },
      },
    };
  }

  override _init() {
    const y = stackTexts(this, SCREEN.marginY, [
      ['Heading', textSpec('heading', JA.home.heading)],
      ['Hint', textSpec('body', `${JA.home.hint}\n${JA.repeatHint}`, { color: COLORS.hint })],
    ]);
    this.tag('Items').y = y + 40;
  }

  override spoken() {
    return sentences(JA.home.heading, JA.home.hint, JA.repeatHint);
  }

  override _getFocused() {
    return this.tag('Items');
  }

  select(id: string) {
    this.params.onSelect(id as HomeChoice);
  }

  _handleRed() {
    this.select(COLOR_KEYS.Red);
  }

  _handleGreen() {
    this.select(COLOR_KEYS.Green);
  }

  _handleYellow() {
    this.select(COLOR_KEYS.Yellow);
  }

  _handleBlue() {
    this.select(COLOR_KEYS.Blue);
  }
}
