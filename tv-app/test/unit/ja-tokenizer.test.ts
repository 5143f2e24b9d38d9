import { createJaTokenizer } from '../../src/text/ja-tokenizer';

const tokens = (text: string, segmenter = true) =>
  createJaTokenizer(segmenter ? new Intl.Segmenter('ja', { granularity: 'word' }) : undefined)(text)[0]!
    .tokens;

describe.each([
  ['Intl.Segmenter', true],
  ['character classes (older boxes)', false],
])('ja tokenizer with %s', (_name, segmenter) => {
  it('keeps particles and punctuation with their word, so lines never start with を or 。', () => {
    const out = tokens('カードを置いてください。', segmenter);
    expect(out.join('')).toBe('カードを置いてください。');
    expect(out.length).toBeGreaterThan(1);
    for (const t of out) expect(t).not.toMatch(/^[をにがはでと。、]/);
  });

  it('honours U+200B break hints and keeps spaces as their own tokens', () => {
    const out = tokens('あいう\u200bえお 12', segmenter);
    expect(out).toContain(' ');
    expect(out.join('')).toBe('あいうえお 12');
    expect(out.some((t) => t.startsWith('え'))).toBe(true);
  });
});

it('never splits inside a word', () => {
  expect(tokens('マイナンバーカード')).toContain('マイナンバーカード');
  expect(tokens('マイナンバーカード', false)).toEqual(['マイナンバーカード']);
});
