import { COLORS, FOCUS_RING_WIDTH } from '../theme/theme';

/** A thick white ring just outside a w×h box: the focus mark that does not rely on colour. Hidden until focused. */
export function focusRingSpec(w: number, h: number) {
  const r = FOCUS_RING_WIDTH;
  const side = (x: number, y: number, sw: number, sh: number) => ({
    rect: true,
    x,
    y,
    w: sw,
    h: sh,
    color: COLORS.focusRing,
  });
  return {
    visible: false,
    Top: side(-r, -r, w + 2 * r, r),
    Bottom: side(-r, h, w + 2 * r, r),
    Left: side(-r, 0, r, h),
    Right: side(w, 0, r, h),
  };
}
