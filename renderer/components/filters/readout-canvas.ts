// The patch read-out drawn on a live canvas while the sliding filter plays: the same title, patch × weights table and
// sum line as the DOM read-out (readout-dom.ts), in the same fonts and colours, but a step changes no DOM text, so the
// page lays out, paints and commits nothing for it (the canvas goes to the compositor by itself, lib/live-canvas.ts).
// The DOM read-out stays underneath, hidden, and gets the texts once the animation rests (screen readers, tests).
import { fmt } from '../../lib/filters/colors';
import { liveContext } from '../../lib/live-canvas';
import { ReadoutWriter, type ReadoutContent } from './readout-dom';

/** One run of text in a line or cell: its colour and whether it is bold or italic. */
interface Run {
  text: string;
  color: string;
  bold?: boolean;
}

/** The read-out's colours (filters.css: .patch-table td .x, .w, .p, .pad-cell, .winner) and sizes per K. */
const COLORS = { x: '#e2e8f0', w: '#f59e0b', p: '#7dd3fc', pad: '#64748b', padBg: '#1b1f27', winBg: '#14532d', border: '#2b3a4f' };
const CELL = {
  3: { font: 11, padX: 5, padY: 2, lines: 2, lineH: 14 },
  5: { font: 10.5, padX: 3, padY: 0, lines: 1, lineH: 12.6 },
  7: { font: 9.5, padX: 2, padY: 0, lines: 1, lineH: 10.5 },
} as const;
const cellStyle = (k: number) => CELL[k === 5 || k === 7 ? k : 3];
const LINE_H = 15;
const GAP = 4;

/** The table's columns (K, or 2 for a pooling window), its cells' style and its row height. */
function tableOf(c: ReadoutContent): { k: number; cs: (typeof CELL)[keyof typeof CELL]; lines: number; rowH: number } {
  const cs = c.kind === 'conv' ? cellStyle(c.k) : cellStyle(3);
  const lines = c.kind === 'conv' ? cs.lines : 1;
  return { k: c.kind === 'conv' ? c.k : 2, cs, lines, rowH: lines * cs.lineH + 2 * cs.padY + 1 };
}

/** A cell of the table: its lines of runs, and its background (pad cell, pooling winner) if any. */
interface Cell {
  lines: Run[][];
  bg: string | null;
  italic: boolean;
}

/** The read-out as lines and a table of cells, in drawing order (what readout-dom.ts writes as DOM). */
function layoutOf(c: ReadoutContent, text: string, muted: string): { title: string; k: number; cells: Cell[]; sum: Run[] } {
  if (c.kind === 'pool') {
    const cells = c.w.cells.map((cell, i) => ({ lines: [[{ text: fmt(cell.value), color: text, bold: i === c.w.winner }]], bg: i === c.w.winner ? COLORS.winBg : null, italic: false }));
    const from = c.w.cells[c.w.winner];
    return { title: c.title, k: 2, cells, sum: [{ text: 'max = ', color: text }, { text: fmt(c.w.value), color: text, bold: true }, { text: `, from (${from?.iy}, ${from?.ix})`, color: text }] };
  }
  const two = cellStyle(c.k).lines === 2;
  const cells = c.p.cells.map((cell) => {
    const pad = !cell.inside;
    // (in a padding cell only the × takes the cell's grey: the numbers keep their colours, in italics)
    const xw = [{ text: fmt(cell.x), color: COLORS.x }, { text: '×', color: pad ? COLORS.pad : text }, { text: fmt(cell.weight), color: COLORS.w }];
    const p = { text: `=${fmt(cell.product)}`, color: COLORS.p };
    return { lines: two ? [xw, [p]] : [[...xw, p]], bg: pad ? COLORS.padBg : null, italic: pad };
  });
  const shown = c.relu ?? c.output;
  const sum: Run[] = [{ text: `Σ = ${fmt(c.p.sum)} \u00a0+ bias ${fmt(c.p.bias)} \u00a0= `, color: text }, { text: fmt(c.p.total), color: text, bold: true }];
  if (c.relu !== null) sum.push({ text: ` → ReLU max(0, ${fmt(c.p.total)}) = `, color: text }, { text: fmt(shown), color: text, bold: true });
  sum.push({ text: ` (map value ${fmt(shown)})`, color: muted });
  return { title: c.title, k: c.k, cells, sum };
}

/**
 * Draws read-outs on a live canvas laid over `host` (top left, as wide as the host), sized once per shape. Text
 * widths are cached (the same numbers come back step after step); the columns are as wide as their widest cell.
 */
export class ReadoutCanvas {
  readonly canvas: HTMLCanvasElement;
  private readonly ctx: CanvasRenderingContext2D | null;
  private readonly widths = new Map<string, number>();
  private shape = '';
  private lastFont = '';
  private style = { family: 'sans-serif', text: '#cbd5e1', muted: '#8a99ad', width: 0 };

  constructor(private readonly host: HTMLElement) {
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'readout-live';
    this.canvas.setAttribute('aria-hidden', 'true');
    this.canvas.dataset.testid = 'filters.readout-live';
    this.canvas.hidden = true;
    host.prepend(this.canvas);
    this.ctx = liveContext(this.canvas);
  }

  /**
   * Shows `c` on the canvas. A new shape, or `fresh` (the animation starts playing: the host may have another width),
   * reads the host's font and width first: call it before writing the DOM.
   */
  draw(c: ReadoutContent, fresh = false): void {
    const shape = c.kind === 'conv' ? `conv${c.k}` : 'pool';
    if (fresh || shape !== this.shape) this.size(c, shape);
    this.canvas.hidden = false;
    const ctx = this.ctx;
    if (!ctx) return;
    const dpr = this.canvas.width / this.style.width;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, this.style.width, this.canvas.height / dpr);
    const l = layoutOf(c, this.style.text, this.style.muted);
    const { cs, rowH } = tableOf(c);
    ctx.textBaseline = 'middle';
    this.runs(ctx, [{ text: l.title, color: this.style.muted }], 0, LINE_H / 2, 11, false);
    // column widths: the widest cell of each column, as the DOM table's auto layout makes them
    const lineWidths = l.cells.map((cell) => cell.lines.map((runs) => this.width(runs, cs.font, cell.italic)));
    const cols = new Array<number>(l.k).fill(0);
    lineWidths.forEach((ws, i) => (cols[i % l.k] = Math.max(cols[i % l.k], ...ws)));
    for (let q = 0; q < l.k; q++) cols[q] += 2 * cs.padX + 1;
    const top = LINE_H + GAP;
    ctx.strokeStyle = COLORS.border;
    ctx.lineWidth = 1;
    let x0 = 0.5;
    l.cells.forEach((cell, i) => {
      const q = i % l.k;
      if (q === 0) x0 = 0.5;
      const y0 = top + Math.floor(i / l.k) * rowH + 0.5;
      if (cell.bg) {
        ctx.fillStyle = cell.bg;
        ctx.fillRect(x0, y0, cols[q], rowH);
      }
      ctx.strokeRect(x0, y0, cols[q], rowH);
      cell.lines.forEach((runs, j) => this.runs(ctx, runs, x0 + (cols[q] - lineWidths[i][j]) / 2, y0 + cs.padY + (j + 0.5) * cs.lineH, cs.font, cell.italic));
      x0 += cols[q];
    });
    this.runs(ctx, l.sum, 0, top + l.k * rowH + GAP + LINE_H / 2, 11, false);
  }

  hide(): void {
    this.canvas.hidden = true;
  }

  /** The canvas for a shape: the host's width, the height of title, table and sum line; crisp at the screen's density. */
  private size(c: ReadoutContent, shape: string): void {
    const cs = getComputedStyle(this.host);
    if (cs.fontFamily !== this.style.family) this.widths.clear();
    this.style = { family: cs.fontFamily || 'sans-serif', text: cs.color || '#cbd5e1', muted: cs.getPropertyValue('--muted').trim() || '#8a99ad', width: Math.max(1, this.host.clientWidth - parseFloat(cs.paddingLeft || '0') - parseFloat(cs.paddingRight || '0')) };
    const { k, rowH } = tableOf(c);
    const height = LINE_H + GAP + k * rowH + 1 + GAP + LINE_H;
    const dpr = window.devicePixelRatio || 1;
    this.canvas.width = Math.round(this.style.width * dpr);
    this.canvas.height = Math.round(height * dpr);
    this.canvas.style.width = `${this.style.width}px`;
    this.canvas.style.height = `${height}px`;
    this.shape = shape;
    this.lastFont = '';
  }

  private font(px: number, bold: boolean | undefined, italic: boolean): string {
    return `${italic ? 'italic ' : ''}${bold ? '700 ' : ''}${px}px ${this.style.family}`;
  }

  /** The width of runs in a font size, cached per text (the cache is emptied when it grows past 20 000 entries). */
  private width(runs: readonly Run[], px: number, italic: boolean): number {
    let w = 0;
    for (const r of runs) {
      const key = `${px}${r.bold ? 'b' : ''}${italic ? 'i' : ''}${r.text}`;
      let v = this.widths.get(key);
      if (v === undefined && this.ctx) {
        this.setFont(this.ctx, this.font(px, r.bold, italic));
        v = this.ctx.measureText(r.text).width;
        if (this.widths.size > 20_000) this.widths.clear();
        this.widths.set(key, v);
      }
      w += v ?? 0;
    }
    return w;
  }

  /** Sets the context's font only when it changes (each set parses the font string). */
  private setFont(ctx: CanvasRenderingContext2D, font: string): void {
    if (font === this.lastFont) return;
    ctx.font = font;
    this.lastFont = font;
  }

  private runs(ctx: CanvasRenderingContext2D, runs: readonly Run[], x: number, y: number, px: number, italic: boolean): void {
    for (const r of runs) {
      this.setFont(ctx, this.font(px, r.bold, italic));
      ctx.fillStyle = r.color;
      ctx.fillText(r.text, x, y);
      x += this.width([r], px, italic);
    }
  }
}

/**
 * The read-out of an animation step in `host`: drawn on the live canvas while the animation plays (the DOM read-out
 * underneath, hidden, gets only its data attributes), written into the DOM once it rests.
 */
export class StepReadout {
  private static readonly byHost = new WeakMap<HTMLElement, StepReadout>();
  private readonly dom: ReadoutWriter;
  private readonly live: ReadoutCanvas;

  /**
   * The step read-out of `host`, made on first use and kept with it: a new result (the drawing followed, a weight
   * refresh while training) keeps the canvas, its size and its measured text widths.
   */
  static of(host: HTMLElement): StepReadout {
    let r = StepReadout.byHost.get(host);
    if (!r) {
      r = new StepReadout(host);
      StepReadout.byHost.set(host, r);
    }
    return r;
  }

  private constructor(private readonly host: HTMLElement) {
    this.dom = new ReadoutWriter(host);
    this.live = new ReadoutCanvas(host);
  }

  show(c: ReadoutContent, playing: boolean): void {
    if (playing) {
      this.live.draw(c, this.host.dataset.live !== 'true');
      this.dom.writeData(c);
      if (this.host.dataset.live !== 'true') {
        this.host.dataset.live = 'true';
        this.host.style.minHeight = this.live.canvas.style.height;
      }
      return;
    }
    this.rest();
    this.dom.write(c);
  }

  /** Back to the DOM read-out (the canvas hidden). */
  rest(): void {
    if (this.host.dataset.live !== 'true') return;
    this.live.hide();
    delete this.host.dataset.live;
    this.host.style.minHeight = '';
  }

}
