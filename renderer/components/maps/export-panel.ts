// "Export panel PNG": every layer's images (maps, learned filters, bars) with their titles, packed in rows up to
// EXPORT_WIDTH px wide (a layer's maps re-laid out to that width, small blocks side by side), on one canvas.
import type { StageRegistry } from './registry';

/** The exported image's width at most (px), less its margins. */
export const EXPORT_WIDTH = 1200;
const PAD = 12;
const GAP = 16;
const HEAD = 18;
const BG = '#121923';

export interface Block {
  width: number;
  height: number;
}

/**
 * Places blocks left to right in rows no wider than `maxWidth` (a block wider than that gets a row of its own),
 * in order; returns each block's top-left corner and the total size, with `pad` around and `gap` between.
 */
export function packBlocks(blocks: readonly Block[], maxWidth: number, pad = PAD, gap = GAP): { pos: { x: number; y: number }[]; width: number; height: number } {
  const pos: { x: number; y: number }[] = [];
  let [x, y, rowH, right] = [pad, pad, 0, pad];
  for (const b of blocks) {
    if (x > pad && x + b.width > pad + maxWidth) {
      x = pad;
      y += rowH + gap;
      rowH = 0;
    }
    pos.push({ x, y });
    x += b.width + gap;
    rowH = Math.max(rowH, b.height);
    right = Math.max(right, x - gap);
  }
  return { pos, width: right + pad, height: y + rowH + pad };
}

/** Draws every registered image, in panel order, with its title, packed into rows; returns a PNG data URL. */
export function composePanel(reg: StageRegistry, sections: { key: string; title: string }[], maxWidth = EXPORT_WIDTH): string | null {
  const parts = sections.flatMap((s) => {
    const st = reg.get(s.key);
    return st ? [{ title: s.title, canvas: st.toCanvas({ pixelRatio: 1, imageSmoothingEnabled: false, maxWidth }) }] : [];
  });
  if (parts.length === 0) return null;
  const measure = document.createElement('canvas').getContext('2d');
  const font = '12px sans-serif';
  if (measure) measure.font = font;
  const titleWidth = (t: string) => Math.ceil(measure?.measureText(t).width ?? t.length * 7);
  const blocks = parts.map((p) => ({ width: Math.min(maxWidth, Math.max(p.canvas.width, titleWidth(p.title))), height: HEAD + p.canvas.height }));
  const packed = packBlocks(blocks, maxWidth);
  const out = document.createElement('canvas');
  out.width = packed.width;
  out.height = packed.height;
  const ctx = out.getContext('2d');
  if (!ctx) return null;
  ctx.imageSmoothingEnabled = false;
  ctx.fillStyle = BG;
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.font = font;
  parts.forEach((p, i) => {
    const { x, y } = packed.pos[i];
    ctx.fillStyle = '#cbd5e1';
    ctx.fillText(p.title, x, y + 12);
    ctx.drawImage(p.canvas, x, y + HEAD);
  });
  return out.toDataURL('image/png');
}
