import type { PinNeeded } from '@madoguchi/protocol/messages/pin';
import PinEntry from '../../src/screens/PinEntry';
import { mount } from '../helpers/stage';

const authPin: PinNeeded = {
  type: 'pin.needed',
  operationId: 'op-1',
  pinKind: 'auth',
  triesLeft: 3,
  lastTry: false,
  minLength: 4,
  maxLength: 4,
};

function pinScreen(pin: PinNeeded = authPin) {
  const onSubmit = jest.fn();
  const onLeave = jest.fn();
  const said: string[] = [];
  const m = mount(
    PinEntry,
    { params: { pin, onSubmit, onLeave } },
    { $announce: (t: string) => said.push(t), $announceFocus: () => {} },
  );
  return { ...m, onSubmit, onLeave, said };
}

it('submits a 4-digit PIN as soon as the fourth digit is typed, from top-row and numpad digits alike', () => {
  const s = pinScreen();
  [49, 50, 99, 100].forEach((k) => s.press(k));
  expect(s.onSubmit).toHaveBeenCalledWith('1234');
  s.destroy();
});

it('shows typed digits only as ● and never says them', () => {
  const s = pinScreen();
  s.press(55);
  s.press(56);
  expect(s.subject.tag('Dots').text!.text).toBe('●●○○');
  expect(s.said.join('')).not.toMatch(/[78]/);
  s.destroy();
});

it('Back clears one digit, then leaves', () => {
  const s = pinScreen();
  s.press(49);
  s.press(461);
  expect(s.subject.length).toBe(0);
  expect(s.onLeave).not.toHaveBeenCalled();
  s.press(10009);
  expect(s.onLeave).toHaveBeenCalledTimes(1);
  s.destroy();
});

it('names which PIN it asks for, so the card-info PIN after the auth PIN is not a repeated question', () => {
  const auth = pinScreen();
  const cardInfo = pinScreen({ ...authPin, pinKind: 'cardInfo' });
  const heading = (s: ReturnType<typeof pinScreen>) => s.subject.tag('Heading').text!.text;
  expect(heading(auth)).toBe('暗証番号を入れてください');
  expect(heading(cardInfo)).toBe('名前や住所を読むための暗証番号を入れてください');
  expect(cardInfo.subject.spoken()).toContain('券面事項入力補助用');
  expect(auth.subject.spoken()).not.toContain('券面事項入力補助用');
  // Still the 4-digit entry: the fourth digit submits.
  [49, 50, 51, 52].forEach((k) => cardInfo.press(k));
  expect(cardInfo.onSubmit).toHaveBeenCalledWith('1234');
  auth.destroy();
  cardInfo.destroy();
});
