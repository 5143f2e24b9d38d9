import type Lightning from '@lightningjs/core';
import { textHeight, type TextSpec } from '../theme/text';

export const STACK_GAP = 24;

/**
 * Lays texts out top to bottom from `y`, each below the one before at its estimated wrapped height (wrapping depends
 * on the viewer's text size), hiding empty ones. Returns the y below the last.
 */
export function stackTexts(
  screen: Lightning.Component,
  y: number,
  texts: [ref: string, spec: TextSpec][],
): number {
  for (const [ref, spec] of texts) {
    const shown = spec.text !== '';
    screen.tag(ref).patch({ y, text: spec, visible: shown });
    if (shown) y += textHeight(spec) + STACK_GAP;
  }
  return y;
}
