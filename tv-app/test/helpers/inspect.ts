import type { Page } from 'playwright-core';

export interface TextBox {
  ref: string;
  text: string;
  fontSize: number;
  /** The colour the text is seen in: its textColor tinted by the element colour. */
  textColor: number;
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Every visible text element on screen, read from the live Lightning tree (window.madoguchi, test builds only). */
export function visibleTexts(page: Page): Promise<TextBox[]> {
  return page.evaluate(() => {
    type El = {
      ref?: string;
      visible: boolean;
      alpha: number;
      childList: { length: number; getAt(i: number): El };
      /** ARGB tint multiplied into the texture (Lightning draws text once in white and recolours it this way). */
      color: number;
      texture?: { text?: string; fontSize?: number; textColor?: number };
      renderWidth: number;
      renderHeight: number;
      core: { renderContext: { px: number; py: number } };
    };
    const app = (window as unknown as { madoguchi: { app: { stage: { root: El } } } }).madoguchi.app;
    const out: TextBox[] = [];
    const tint = (a: number, b: number) =>
      [16, 8, 0].reduce(
        (rgb, shift) => rgb | (Math.round((((a >> shift) & 255) * ((b >> shift) & 255)) / 255) << shift),
        0,
      );
    const walk = (el: El) => {
      if (!el.visible || el.alpha === 0) return;
      const t = el.texture;
      if (t && typeof t.text === 'string' && t.text.trim() !== '') {
        out.push({
          ref: el.ref ?? '',
          text: t.text,
          fontSize: t.fontSize ?? 0,
          textColor: tint(t.textColor ?? 0, el.color),
          x: el.core.renderContext.px,
          y: el.core.renderContext.py,
          w: el.renderWidth,
          h: el.renderHeight,
        });
      }
      for (let i = 0; i < el.childList.length; i++) walk(el.childList.getAt(i));
    };
    walk(app.stage.root);
    return out;
  });
}

/** WCAG relative luminance contrast of two 0xRRGGBB colours. */
export function contrast(a: number, b: number): number {
  const lum = (c: number) => {
    const ch = [(c >> 16) & 255, (c >> 8) & 255, c & 255].map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * ch[0]! + 0.7152 * ch[1]! + 0.0722 * ch[2]!;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * For each box of a screenshot: its most common colour (the surface the text sits on; glyph strokes are thin next to
 * it) and the share of other pixels ("ink": > 0 means glyphs were really drawn). Decoded in the page's own decoder.
 */
export function sampleBoxes(
  page: Page,
  png: Buffer,
  boxes: TextBox[],
): Promise<{ background: number; ink: number }[]> {
  return page.evaluate(
    async ({ data, boxes }) => {
      const img = await createImageBitmap(await (await fetch(`data:image/png;base64,${data}`)).blob());
      const canvas = document.createElement('canvas');
      canvas.width = img.width;
      canvas.height = img.height;
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      return boxes.map((b) => {
        const x = Math.max(0, Math.round(b.x));
        const y = Math.max(0, Math.round(b.y));
        const w = Math.max(1, Math.min(Math.round(b.w), img.width - x));
        const h = Math.max(1, Math.min(Math.round(b.h), img.height - y));
        const px = ctx.getImageData(x, y, w, h).data;
        const counts = new Map<number, number>();
        for (let i = 0; i < px.length; i += 4) {
          const c = (px[i]! << 16) | (px[i + 1]! << 8) | px[i + 2]!;
          counts.set(c, (counts.get(c) ?? 0) + 1);
        }
        const [background, most] = [...counts.entries()].sort((p, q) => q[1] - p[1])[0]!;
        return { background, ink: 1 - most / (w * h) };
      });
    },
    { data: png.toString('base64'), boxes },
  );
}
