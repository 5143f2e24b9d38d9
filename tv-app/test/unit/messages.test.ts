import { ERROR_CODES } from '@madoguchi/protocol/errors';
import { PROGRESS_STEPS } from '@madoguchi/protocol/messages/progress';
import { ERROR_TEXT, JA, PROGRESS_TEXT, sentences } from '../../src/messages/ja';

it.each(ERROR_CODES)('%s has one plain Japanese sentence and one next step', (code) => {
  const text = ERROR_TEXT[code];
  expect(text.sentence).toMatch(/^[^A-Za-z_]+。$/);
  expect(text.next).toMatch(/^[^A-Za-z_]+。$/);
});

it('has no text for codes the protocol does not have', () => {
  expect(Object.keys(ERROR_TEXT).sort()).toEqual([...ERROR_CODES].sort());
});

it.each(PROGRESS_STEPS)('progress step %s is said in Japanese', (step) => {
  expect(PROGRESS_TEXT[step]).toMatch(/[ぁ-ん]/);
});

it('joins sentences with one 。 each', () => {
  expect(sentences('はい。', 'いいえ', undefined, 'どうぞ！')).toBe('はい。いいえ。どうぞ！');
});

it('says dates as the day in Japan: an instant late in the UTC day is already the next day', () => {
  expect(JA.date('2027-03-31')).toBe('2027年3月31日');
  expect(JA.date('2026-11-20T14:59:59.000Z')).toBe('2026年11月20日');
  expect(JA.date('2026-11-20T15:00:00.000Z')).toBe('2026年11月21日');
  expect(JA.date('2026-12-31T20:00:00+00:00')).toBe('2027年1月1日');
});
