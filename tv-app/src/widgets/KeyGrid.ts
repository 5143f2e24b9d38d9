import Lightning from '@lightningjs/core';
import { COLORS } from '../theme/theme';
import { focusRingSpec } from './focus-ring';
import { textSpec } from '../theme/text';
import { JA } from '../messages/ja';

import { KEY_CHARS as CHARS, KEY_COLUMNS, KEY_ROWS as ROWS } from './key-layout';

const KEY_W = 160;
const KEY_H = 96;
const GAP = 12;
/** The bottom row: two wide keys, 消す under the left half, 決定 under the right half. */
const ACTIONS = ['erase', 'done'] as const;

/**
 * The signature PIN keyboard for a remote (layout in key-layout.ts). Each focus move is spoken; typed characters are
 * never shown. Signals `key(char)`, `erase()` and `done()`.
 */
export default class KeyGrid extends Lightning.Component {
  private row = 0;
  private col = 0;

  static override _template() {
    const keys = Object.fromEntries(
      Array.from(CHARS).map((ch, i) => [
        `Key${i}`,
        keySpec((i % KEY_COLUMNS) * (KEY_W + GAP), Math.floor(i / KEY_COLUMNS) * (KEY_H + GAP), KEY_W, ch),
      ]),
    );
    const wide = (KEY_COLUMNS * (KEY_W + GAP) - GAP * 2) / 2;
    const y = ROWS * (KEY_H + GAP);
    return {
      ...keys,
      Erase: keySpec(0, y, wide, JA.keyboard.delete),
      Done: keySpec(wide + GAP * 2, y, wide, JA.keyboard.done),
    };
  }

  /** The key under focus: a character, or one of the two actions. */
  get current(): string {
    return this.row < ROWS
      ? CHARS.charAt(this.row * KEY_COLUMNS + this.col)
      : ACTIONS[this.col < KEY_COLUMNS / 2 ? 0 : 1];
  }

  private currentRef(): string {
    if (this.row < ROWS) return `Key${this.row * KEY_COLUMNS + this.col}`;
    return this.current === 'erase' ? 'Erase' : 'Done';
  }

  override _getFocused() {
    return this;
  }

  override _focus() {
    this.highlight();
  }

  private move(row: number, col: number): boolean {
    if (row < 0 || row > ROWS || col < 0 || col >= KEY_COLUMNS) return false;
    this.tag(this.currentRef()).patch(lookOf(false));
    this.row = row;
    this.col = row === ROWS ? (col < KEY_COLUMNS / 2 ? 0 : KEY_COLUMNS - 1) : col;
    this.highlight();
    return true;
  }

  private highlight() {
    this.tag(this.currentRef()).patch(lookOf(true));
    const c = this.current;
    this.fireAncestors(
      '$announceFocus',
      c === 'erase' ? JA.keyboard.delete : c === 'done' ? JA.keyboard.done : c,
    );
  }

  override _handleUp() {
    return this.move(this.row - 1, this.row === ROWS && this.col > 0 ? KEY_COLUMNS - 1 : this.col);
  }

  override _handleDown() {
    return this.move(this.row + 1, this.col);
  }

  override _handleLeft() {
    return this.row < ROWS ? this.move(this.row, this.col - 1) : this.move(this.row, 0);
  }

  override _handleRight() {
    return this.row < ROWS ? this.move(this.row, this.col + 1) : this.move(this.row, KEY_COLUMNS - 1);
  }

  override _handleEnter() {
    const c = this.current;
    if (c === 'erase') this.signal('erase');
    else if (c === 'done') this.signal('done');
    else this.signal('key', c);
  }
}

function keySpec(x: number, y: number, w: number, label: string) {
  return {
    x,
    y,
    w,
    h: KEY_H,
    rect: true,
    color: COLORS.surface,
    Label: { x: w / 2, y: KEY_H / 2, mount: 0.5, text: textSpec('button', label, { width: w }) },
    Ring: focusRingSpec(w, KEY_H),
  };
}

function lookOf(focused: boolean) {
  return {
    color: focused ? COLORS.focusFill : COLORS.surface,
    // A tint, not a new textColor: the label is not drawn again on every move (see Button).
    Label: { color: focused ? COLORS.focusText : COLORS.text },
    Ring: { visible: focused },
  };
}
