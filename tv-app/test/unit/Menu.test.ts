import Message from '../../src/screens/Message';
import { SCREEN } from '../../src/theme/theme';
import Menu, { type MenuItem } from '../../src/widgets/Menu';
import { mount } from '../helpers/stage';

const KEY = { Up: 38, Down: 40, Enter: 13 };
const items = (n: number): MenuItem[] =>
  Array.from({ length: n }, (_, i) => ({ id: String(i), label: `サービス${i}`, hint: `つないだ日 ${i}` }));

type Shown = { y: number; h: number; visible: boolean };

function menu(n: number, maxHeight: number) {
  const focus: string[] = [];
  const m = mount(
    Menu,
    { w: 1600, maxHeight, items: items(n) },
    { $announceFocus: (t: string) => focus.push(t) },
  );
  const buttons = () => m.subject.children as unknown as Shown[];
  /** Indexes of the buttons shown, each checked to lie wholly within the menu's height. */
  const shown = () =>
    buttons().flatMap((b, i) => {
      if (!b.visible) return [];
      expect(b.y).toBeGreaterThanOrEqual(0);
      expect(b.y + b.h).toBeLessThanOrEqual(maxHeight);
      return [i];
    });
  return { ...m, focus, shown };
}

it('shows only whole rows that fit, and scrolls by rows to keep the focused one in view', () => {
  const m = menu(6, 700);
  expect(m.subject.h).toBe(700);
  const first = m.shown();
  expect(first[0]).toBe(0);
  expect(first.length).toBeLessThan(6);
  const last = first[first.length - 1]!;
  for (let i = 0; i <= last; i++) m.press(KEY.Down);
  // The focused button came into view at the bottom, the top one went out.
  expect(m.shown()).toContain(last + 1);
  expect(m.shown()).not.toContain(0);
  for (let i = 0; i < 6; i++) m.press(KEY.Down);
  expect(m.shown()).toContain(5);
  for (let i = 0; i < 6; i++) m.press(KEY.Up);
  expect(m.shown()[0]).toBe(0);
  // Every move was said, with the item's hint.
  expect(m.focus.slice(0, 2)).toEqual(['サービス0。つないだ日 0。', 'サービス1。つないだ日 1。']);
  m.destroy();
});

it('keeps every button of a menu that fits where it is, all shown', () => {
  const m = menu(3, Infinity);
  expect(m.shown()).toEqual([0, 1, 2]);
  m.press(KEY.Down);
  m.press(KEY.Down);
  expect(m.shown()).toEqual([0, 1, 2]);
  m.destroy();
});

it('keeps a long list of choices on a message screen within the screen', () => {
  const m = mount(
    Message,
    { params: { heading: '見出し', body: ['一行目'], actions: items(8), onSelect: () => {} } },
    { $announceFocus: () => {} },
  );
  const actions = m.subject.tag('Actions') as unknown as { y: number; h: number };
  expect(actions.y + actions.h).toBeLessThanOrEqual(SCREEN.h);
  m.destroy();
});
