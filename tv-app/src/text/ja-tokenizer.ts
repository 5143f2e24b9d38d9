/**
 * Lightning wraps only at spaces (and U+200B), so a Japanese sentence is one unbreakable word. This tokenizer cuts
 * Japanese into phrases (文節-like runs: a word plus the particles and punctuation that follow it), so lines break
 * where a reader pauses, never inside a word. `Intl.Segmenter` finds the words where the browser has it (Chromium
 * 87+); older set-top-box browsers fall back to character classes. U+200B in a string is always a break hint.
 */
interface Span {
  tokens: string[];
}

type CharClass = 'kanji' | 'hiragana' | 'katakana' | 'latin' | 'closing' | 'opening' | 'space';

function classOf(ch: string): CharClass {
  if (ch === ' ' || ch === '\u3000') return 'space';
  if (/[、。，．！？）」』】〕・：…]/.test(ch)) return 'closing';
  if (/[（「『【〔]/.test(ch)) return 'opening';
  if (/[\u3041-\u309f]/.test(ch)) return 'hiragana';
  if (/[\u30a0-\u30ff\uff66-\uff9f]/.test(ch)) return 'katakana';
  if (/[\u4e00-\u9fff\u3005]/.test(ch)) return 'kanji';
  return 'latin';
}

/** Where a phrase may end before `next`: hiragana (particles, endings) and closing marks stay with what precedes. */
function breaksBefore(prev: CharClass, next: CharClass): boolean {
  if (next === 'closing' || next === 'space' || prev === 'opening') return false;
  if (prev === 'space' || prev === 'closing') return true;
  return prev === 'hiragana' && next !== 'hiragana';
}

function phrasesByClass(text: string): string[] {
  const out: string[] = [];
  let cur = '';
  let prev: CharClass | undefined;
  for (const ch of Array.from(text)) {
    const cls = classOf(ch);
    if (prev && cur && breaksBefore(prev, cls)) {
      out.push(cur);
      cur = '';
    }
    cur += ch;
    prev = cls;
  }
  if (cur) out.push(cur);
  return out;
}

interface WordSegmenter {
  segment(text: string): Iterable<{ segment: string; isWordLike?: boolean }>;
}

/**
 * Joins Segmenter words into phrases: all-hiragana or punctuation words attach to the word before, and so does a
 * word continuing the same katakana or kanji run (ICU splits マイナンバーカード into three).
 */
function phrasesBySegmenter(segmenter: WordSegmenter, text: string): string[] {
  const out: string[] = [];
  for (const { segment } of segmenter.segment(text)) {
    const prev = out[out.length - 1];
    const prevEnd = prev === undefined ? undefined : classOf(prev.slice(-1));
    const first = classOf(segment.charAt(0));
    const attaches =
      /^[\u3041-\u309f、。，．！？）」』】〕・：ー…]+$/.test(segment) ||
      prevEnd === 'opening' ||
      (first === prevEnd && (first === 'katakana' || first === 'kanji'));
    if (prev !== undefined && attaches && prevEnd !== 'space') out[out.length - 1] = prev + segment;
    else out.push(segment);
  }
  return out;
}

function splitSpaces(phrases: string[]): string[] {
  // Lightning wants each space as its own token.
  return phrases.flatMap((p) => p.split(/( )/).filter((t) => t !== ''));
}

export function createJaTokenizer(segmenter: WordSegmenter | undefined = defaultSegmenter()) {
  return (text: string): Span[] => {
    const tokens = text
      .split('\u200b')
      .flatMap((part) => (segmenter ? phrasesBySegmenter(segmenter, part) : phrasesByClass(part)));
    return [{ tokens: splitSpaces(tokens) }];
  };
}

function defaultSegmenter(): WordSegmenter | undefined {
  const Segmenter = (Intl as { Segmenter?: new (lang: string, o: object) => WordSegmenter }).Segmenter;
  return Segmenter ? new Segmenter('ja', { granularity: 'word' }) : undefined;
}
