import type { PinNeeded } from '@madoguchi/protocol/messages/pin';
import PinEntry from '../../src/screens/PinEntry';
import { mount } from '../helpers/stage';

const KEY = { Left: 37, Up: 38, Right: 39, Down: 40, Enter: 13, Back: 461 } as const;

const signPin: PinNeeded = {
  type: 'pin.needed',
  operationId: 'op-1',
  pinKind: 'sign',
  triesLeft: 5,
  lastTry: false,
  minLength: 6,
  maxLength: 16,
};

/** The signature PIN screen with its on-screen keyboard, recording what is said on focus and on entry. */
function keyboard() {
  const onSubmit = jest.fn();
  const onLeave = jest.fn();
  const focus: string[] = [];
  const said: string[] = [];
  const m = mount(
    PinEntry,
    { params: { pin: signPin, onSubmit, onLeave } },
    { $announce: (t: string) => said.push(t), $announceFocus: (t: string) => focus.push(t) },
  );
  const keys = m.subject.tag('Keys') as unknown as { current: string };
  const type = (...codes: number[]) => codes.forEach((c) => m.press(c));
  return { ...m, onSubmit, onLeave, focus, said, keys, type };
}

it('moves through the grid in reading order and stops at the edges', () => {
  const k = keyboard();
  expect(k.keys.current).toBe('A');
  k.type(KEY.Right, KEY.Right);
  expect(k.keys.current).toBe('C');
  k.type(KEY.Down);
  expect(k.keys.current).toBe('L'); // nine to a row
  k.type(KEY.Up, KEY.Up, KEY.Left, KEY.Left, KEY.Left, KEY.Left);
  expect(k.keys.current).toBe('A');
  k.type(KEY.Down, KEY.Down, KEY.Down);
  expect(k.keys.current).toBe('1');
  k.type(KEY.Down);
  expect(k.keys.current).toBe('erase');
  k.type(KEY.Right);
  expect(k.keys.current).toBe('done');
  k.type(KEY.Down);
  expect(k.keys.current).toBe('done');
  k.destroy();
});

it('says each key as focus moves, and 消す / 決定 by name', () => {
  const k = keyboard();
  k.focus.length = 0;
  k.type(KEY.Right, KEY.Down, KEY.Down, KEY.Down, KEY.Down);
  expect(k.focus).toEqual(['B', 'K', 'T', '2', '一文字消す']);
  k.destroy();
});

it('enters characters with OK, shows only ●, and counts them aloud without saying them', () => {
  const k = keyboard();
  k.type(KEY.Enter, KEY.Right, KEY.Enter, KEY.Down, KEY.Down, KEY.Down, KEY.Enter); // A, B, 2
  expect(k.subject.tag('Dots').text!.text).toBe('●●●');
  expect(k.said).toEqual(['1文字入りました。', '2文字入りました。', '3文字入りました。']);
  k.destroy();
});

it('sends the PIN with 決定 only once it is long enough', () => {
  const k = keyboard();
  const toDone = [KEY.Down, KEY.Down, KEY.Down, KEY.Down, KEY.Right];
  k.type(KEY.Enter, KEY.Enter, ...toDone, KEY.Enter);
  expect(k.onSubmit).not.toHaveBeenCalled(); // 2 of at least 6
  k.type(KEY.Up, KEY.Up, KEY.Up, KEY.Up, ...[1, 2, 3, 4].map(() => KEY.Enter), ...toDone, KEY.Enter);
  expect(k.onSubmit).toHaveBeenCalledWith('AAIIII'); // Up from 決定 climbs the right-hand column
  k.destroy();
});

it('消す and Back each clear one character; Back with nothing typed leaves', () => {
  const k = keyboard();
  k.type(KEY.Enter, KEY.Enter, KEY.Down, KEY.Down, KEY.Down, KEY.Down, KEY.Enter); // A, A, 消す
  expect(k.subject.length).toBe(1);
  k.type(KEY.Back);
  expect(k.subject.length).toBe(0);
  expect(k.onLeave).not.toHaveBeenCalled();
  k.type(KEY.Back);
  expect(k.onLeave).toHaveBeenCalledTimes(1);
  k.destroy();
});
