/**
 * Colours and sizes in one place, measured for elderly viewers at 1920×1080: every text colour below has ≥ 7:1
 * contrast on the surface it is drawn on (test/e2e/accessibility.test.ts measures it), body ≥ 40 px, headings ≥ 56 px.
 */
export const COLORS = {
  background: 0xff0a1628,
  surface: 0xff1c3350,
  text: 0xffffffff,
  /** Calm secondary text (hints, next steps) — pale yellow, 15:1 on the background. */
  hint: 0xffffeba0,
  focusFill: 0xffffd500,
  focusText: 0xff000000,
  focusRing: 0xffffffff,
  /** The disaster tile: dark red so white text keeps 10:1, with its name on it, never colour alone. */
  urgent: 0xff8a1010,
  warning: 0xff5c1a00,
} as const;

export const FONT_FAMILY = 'Madoguchi';

export const SCREEN = { w: 1920, h: 1080, marginX: 120, marginY: 80 } as const;
export const CONTENT_WIDTH = SCREEN.w - 2 * SCREEN.marginX;

/** Base sizes at text size 「ふつう」; the viewer's setting multiplies them. */
export const FONT_SIZE = { heading: 64, body: 44, button: 48, pin: 120 } as const;
export const FOCUS_RING_WIDTH = 8;
