/**
 * The signature PIN keyboard's layout: A–Z then 0–9 in a fixed 9×4 grid (alphabetical, so the viewer can predict
 * where a letter is), then one row of two wide keys, 消す under the left half and 決定 under the right half.
 */
export const KEY_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
export const KEY_COLUMNS = 9;
export const KEY_ROWS = KEY_CHARS.length / KEY_COLUMNS;

/** Row and column of a character's key. */
export function keyPosition(ch: string): { row: number; col: number } {
  const i = KEY_CHARS.indexOf(ch);
  if (i < 0) throw new RangeError(`no key for ${ch}`);
  return { row: Math.floor(i / KEY_COLUMNS), col: i % KEY_COLUMNS };
}
