import Screen from './Screen';
import Menu from '../widgets/Menu';
import { CONTENT_WIDTH, SCREEN } from '../theme/theme';
import { textSpec } from '../theme/text';
import { JA } from '../messages/ja';
import {
  preferences,
  savePreferences,
  TEXT_SCALES,
  VOICE_RATES,
  type Preferences,
} from '../settings/preferences';

const next = <T>(list: readonly T[], value: T): T => list[(list.indexOf(value) + 1) % list.length] as T;

/** Text size, voice on/off and speed: OK steps each through its choices, saved at once and kept on the box. */
export default class Settings extends Screen<{ onChanged(focusIndex: number): void; focusIndex?: number }> {
  static override _template() {
    return {
      ...super._template(),
      Heading: { x: SCREEN.marginX, y: SCREEN.marginY, text: textSpec('heading', JA.settings.heading) },
      Items: {
        type: Menu,
        x: SCREEN.marginX,
        y: SCREEN.marginY + 160,
        w: CONTENT_WIDTH,
        signals: { select: true },
      },
    };
  }

  override _init() {
    this.tag('Items').patch({ items: this.items(preferences()), index: this.params.focusIndex ?? 0 });
  }

  private items(p: Preferences) {
    return [
      {
        id: 'textScale',
        label: JA.settings.textSize(JA.settings.textSizes[TEXT_SCALES.indexOf(p.textScale)] ?? ''),
      },
      { id: 'voice', label: JA.settings.voice(p.voice) },
      {
        id: 'voiceRate',
        label: JA.settings.voiceRate(JA.settings.voiceRates[VOICE_RATES.indexOf(p.voiceRate)] ?? ''),
      },
      { id: 'back', label: JA.back },
    ];
  }

  override spoken() {
    return JA.settings.heading;
  }

  override _getFocused() {
    return this.tag('Items');
  }

  select(id: string) {
    const p = preferences();
    if (id === 'back') return this.fireAncestors('$back');
    if (id === 'textScale') savePreferences({ ...p, textScale: next(TEXT_SCALES, p.textScale) });
    if (id === 'voice') savePreferences({ ...p, voice: !p.voice });
    if (id === 'voiceRate') savePreferences({ ...p, voiceRate: next(VOICE_RATES, p.voiceRate) });
    this.params.onChanged(this.tag('Items').index);
  }
}
