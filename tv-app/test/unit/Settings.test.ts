import Settings from '../../src/screens/Settings';
import { loadPreferences, preferences, DEFAULT_PREFERENCES } from '../../src/settings/preferences';
import { mount } from '../helpers/stage';

const KEY = { Down: 40, Enter: 13 };

beforeEach(() => {
  localStorage.clear();
  loadPreferences();
});

function settings() {
  const onChanged = jest.fn<void, [number]>();
  return { ...mount(Settings, { params: { onChanged } }, { $announceFocus: () => {} }), onChanged };
}

it('steps the text size with OK, keeps it on the box, and keeps the viewer on the same item', () => {
  const s = settings();
  s.press(KEY.Enter);
  expect(preferences().textScale).toBe(1.2);
  expect(s.onChanged).toHaveBeenCalledWith(0);
  // Read back as a new start of the app would.
  expect(loadPreferences()).toEqual({ ...DEFAULT_PREFERENCES, textScale: 1.2 });
  s.destroy();
});

it('turns the voice off and changes its speed, each remembered', () => {
  const s = settings();
  s.press(KEY.Down);
  s.press(KEY.Enter);
  s.press(KEY.Down);
  s.press(KEY.Enter);
  expect(s.onChanged.mock.calls).toEqual([[1], [2]]);
  expect(loadPreferences()).toEqual({ textScale: 1, voice: false, voiceRate: 1 });
  s.destroy();
});

it('falls back to the defaults when what is stored cannot be read', () => {
  localStorage.setItem('madoguchi.preferences', '{"textScale":7,"voice":"yes"');
  expect(loadPreferences()).toEqual(DEFAULT_PREFERENCES);
});
