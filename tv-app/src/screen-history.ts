/** Where a screen goes in the history: on top, in place of the top one, or in place of the one at that depth. */
export type ScreenMode = 'push' | 'replace' | number;

/** Puts `entry` in the history by `mode`; everything above the place it takes is dropped (Back no longer finds it). */
export function place<T>(history: T[], entry: T, mode: ScreenMode): void {
  const depth = mode === 'push' ? Infinity : mode === 'replace' ? history.length : mode;
  history.length = Math.min(history.length, Math.max(0, depth - 1));
  history.push(entry);
}
