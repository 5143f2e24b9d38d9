import Home, { type HomeChoice } from '../../src/screens/Home';
import { mount } from '../helpers/stage';

const KEY = {
  Left: 37,
  Up: 38,
  Right: 39,
  Down: 40,
  Enter: 13,
  Red: 403,
  Green: 404,
  Yellow: 405,
  Blue: 406,
};

function home() {
  const onSelect = jest.fn<void, [HomeChoice]>();
  const focus: string[] = [];
  const m = mount(Home, { params: { onSelect } }, { $announceFocus: (t: string) => focus.push(t) });
  return { ...m, onSelect, focus };
}

it('focuses the disaster service first, so one OK starts a safety report', () => {
  const h = home();
  expect(h.focus[0]).toContain('防災');
  h.press(KEY.Enter);
  expect(h.onSelect).toHaveBeenCalledWith('disaster');
  h.destroy();
});

it.each([
  [KEY.Red, 'disaster'],
  [KEY.Green, 'city'],
  [KEY.Yellow, 'hospital'],
  [KEY.Blue, 'transport'],
] as const)('colour key %i opens %s in one press', (key, choice) => {
  const h = home();
  h.press(key);
  expect(h.onSelect).toHaveBeenCalledWith(choice);
  h.destroy();
});

it('moves through the two columns with the arrows, saying each item and its colour key', () => {
  const h = home();
  h.press(KEY.Right);
  h.press(KEY.Down);
  h.press(KEY.Down);
  h.press(KEY.Left);
  expect(h.focus.slice(1)).toEqual([
    '行政　市役所の手続き。緑のボタン。',
    '交通　バスのパス。青のボタン。',
    '設定。',
    'わたしのカード。',
  ]);
  h.press(KEY.Enter);
  expect(h.onSelect).toHaveBeenCalledWith('myCard');
  h.destroy();
});
