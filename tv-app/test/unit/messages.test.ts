import { ERROR_CODES } from '@madoguchi/protocol/errors';
import { PROGRESS_STEPS } from '@madoguchi/protocol/messages/progress';
import { ERROR_TEXT, PROGRESS_TEXT, sentences } from '../../src/messages/ja';

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
