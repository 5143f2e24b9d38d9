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

export type TextSpec = ReturnType<typeof textSpec>;

/**
 * Height a text will take once wrapped, estimated before it is drawn (Lightning measures asynchronously): full-width
 * characters are 1 em wide, ASCII (digits, Latin) about half.
 */
export function textHeight(spec: TextSpec): number {
  const ems = (line: string) => Array.from(line).reduce((w, c) => w + (c.charCodeAt(0) < 0x80 ? 0.55 : 1), 0);
  const perLine = spec.wordWrapWidth / spec.fontSize;
  const lines = spec.text.split('\n').reduce((n, line) => n + Math.max(1, Math.ceil(ems(line) / perLine)), 0);
  return lines * spec.lineHeight;
}
