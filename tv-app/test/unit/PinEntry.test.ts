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
