import { COLORS, CONTENT_WIDTH, FONT_FAMILY, FONT_SIZE } from './theme';
import { preferences } from '../settings/preferences';

export type TextRole = keyof typeof FONT_SIZE;

/** A Lightning text spec at the viewer's chosen size, wrapping within the content width by default. */
export function textSpec(role: TextRole, text: string, options: { color?: number; width?: number } = {}) {
  const fontSize = Math.round(FONT_SIZE[role] * preferences().textScale);
  return {
    text,
    fontFace: FONT_FAMILY,
    fontSize,
    lineHeight: Math.round(fontSize * 1.45),
    textColor: options.color ?? COLORS.text,
    wordWrapWidth: options.width ?? CONTENT_WIDTH,
    wordWrap: true,
  };
}
