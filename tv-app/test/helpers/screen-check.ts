import { contrast, sampleBoxes, visibleTexts } from './inspect';
import type { Tv } from './tv';
import { SCREEN } from '../../src/theme/theme';

export const LIMITS = { contrast: 7, body: 40, heading: 56 } as const;

/**
 * Saves the screen as a test artefact and measures every visible text on it: size (headings ≥ 56 px, the rest
 * ≥ 40 px), contrast ≥ 7:1 against the colour actually under it, ink in its box (the glyphs were drawn, so the
 * shipped font loaded), and the box wholly on the 1920×1080 screen (nothing cut off). Returns the problems found,
 * empty when the screen passes.
 */
export async function checkScreen(tv: Tv, name: string): Promise<string[]> {
  const png = await tv.screenshot(name);
  const texts = await visibleTexts(tv.page);
  const samples = await sampleBoxes(tv.page, png, texts);
  const problems: string[] = [];
  if (texts.length === 0) problems.push(`${name}: no text at all`);
  texts.forEach((t, i) => {
    const { background, ink } = samples[i]!;
    const min = t.ref === 'Heading' ? LIMITS.heading : LIMITS.body;
    const ratio = contrast(t.textColor & 0xffffff, background);
    if (t.fontSize < min) problems.push(`${name}: "${t.text}" is ${t.fontSize}px (< ${min})`);
    if (ratio < LIMITS.contrast) problems.push(`${name}: "${t.text}" contrast ${ratio.toFixed(1)}:1 (< 7)`);
    if (ink < 0.01) problems.push(`${name}: "${t.text}" has no ink: nothing drawn`);
    if (t.x < 0 || t.y < 0 || t.x + t.w > SCREEN.w || t.y + t.h > SCREEN.h)
      problems.push(`${name}: "${t.text}" is off the screen`);
  });
  return problems;
}
