import Lightning from '@lightningjs/core';
import Button from './Button';

export interface MenuItem {
  id: string;
  label: string;
  hint?: string;
  urgent?: boolean;
}

const GAP = 40;

/**
 * Buttons in a grid of `columns`, moved through with the arrows (no wrapping: the edges stay where the viewer
 * expects them). OK signals `select` with the item's id. Taller than `maxHeight`, it scrolls by whole rows so the
 * focused button is always on screen and no button is ever cut off.
 */
export default class Menu extends Lightning.Component {
  columns = 1;
  itemHeight = 150;
  maxHeight = Infinity;
  index = 0;
  private list: MenuItem[] = [];
  /** Each button's top within the whole menu, and the part of the menu now shown. */
  private tops: number[] = [];
  private scrollTop = 0;

  get items(): MenuItem[] {
    return this.list;
  }

  /** Builds the buttons at once (set `w`, `columns`, `itemHeight` and `maxHeight` first: they decide the rows and which are shown), so a screen can fill a menu any time. */
  set items(items: MenuItem[]) {
    this.list = items;
    const w = (this.w - GAP * (this.columns - 1)) / this.columns;
    const rows = Math.ceil(items.length / this.columns);
    // Each row is as tall as its tallest button (text size is the viewer's choice), and its buttons match it.
    const rowHeights = Array.from({ length: rows }, (_, r) =>
      Math.max(
        this.itemHeight,
        ...items
          .slice(r * this.columns, (r + 1) * this.columns)
          .map((it) => Button.heightFor(it.label, it.hint ?? '', w)),
      ),
    );
    const rowTop = (r: number) => rowHeights.slice(0, r).reduce((sum, h) => sum + h + GAP, 0);
    this.tops = items.map((_, i) => rowTop(Math.floor(i / this.columns)));
    this.children = items.map((item, i) => {
      const row = Math.floor(i / this.columns);
      return {
        type: Button,
        ref: `Item${i}`,
        x: (i % this.columns) * (w + GAP),
        w,
        h: rowHeights[row],
        label: item.label,
        hint: item.hint ?? '',
        urgent: item.urgent ?? false,
      };
    });
    this.h = Math.min(rowTop(rows) - GAP, this.maxHeight);
    this.scrollTop = 0;
    this.scroll();
  }

  /** Scrolls just enough to show the focused button whole; buttons not wholly in view are hidden. */
  private scroll(): void {
    const top = this.tops[this.index] ?? 0;
    const bottom = top + ((this.children[this.index] as Lightning.Component | undefined)?.h ?? 0);
    if (bottom > this.scrollTop + this.maxHeight) this.scrollTop = bottom - this.maxHeight;
    if (top < this.scrollTop) this.scrollTop = top;
    this.children.forEach((button, i) => {
      const y = (this.tops[i] ?? 0) - this.scrollTop;
      button.patch({ y, visible: y >= 0 && y + button.h <= this.maxHeight });
    });
  }

  get selected(): MenuItem | undefined {
    return this.items[this.index];
  }

  override _getFocused() {
    return this.children[this.index] as Lightning.Component | undefined;
  }

  /** Moves by rows (Up/Down) or within the row (Left/Right); false at an edge, so the key passes up. */
  private move(rows: number, cols: number): boolean {
    const row = Math.floor(this.index / this.columns) + rows;
    const col = (this.index % this.columns) + cols;
    const next = row * this.columns + col;
    if (row < 0 || col < 0 || col >= this.columns || next >= this.items.length) return false;
    this.index = next;
    this.scroll();
    return true;
  }

  override _handleUp() {
    return this.move(-1, 0);
  }

  override _handleDown() {
    return this.move(1, 0);
  }

  override _handleLeft() {
    return this.move(0, -1);
  }

  override _handleRight() {
    return this.move(0, 1);
  }

  override _handleEnter() {
    const item = this.selected;
    if (item) this.signal('select', item.id);
  }
}
