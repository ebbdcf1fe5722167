// The patch read-out's DOM, written without React: what one output number is made of (the patch × the weights, the
// sum plus bias) or a pooled cell's 2×2 window and winner. Hovering writes it once per cell, the animation once per
// step, into the same nodes: only the texts that changed are set, so a playing animation costs no React render.
import { fmt } from '../../lib/filters/colors';
import type { PatchProduct, PoolWindow } from '../../lib/filters/designer';

export type ReadoutContent =
  | {
      kind: 'conv';
      p: PatchProduct;
      k: number;
      /** The conv map's value at the cell (core's conv2d; the sum above is the same in float64). */
      output: number;
      /** With ReLU: the activated value, written as max(0, total). */
      relu: number | null;
      title: string;
    }
  | { kind: 'pool'; w: PoolWindow; title: string };

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls = '', ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  e.append(...children);
  return e;
}

function setText(node: Node, text: string): void {
  if (node.textContent !== text) node.textContent = text;
}

function setAttr(node: Element, name: string, value: string): void {
  if (node.getAttribute(name) !== value) node.setAttribute(name, value);
}

interface ConvNodes {
  cells: { td: HTMLTableCellElement; x: HTMLSpanElement; w: HTMLSpanElement; p: HTMLSpanElement }[];
  sum: Text;
  total: HTMLElement;
  relu: HTMLElement | null;
  reluTotal: Text | null;
  reluShown: HTMLElement | null;
  map: Text;
}

interface PoolNodes {
  cells: HTMLTableCellElement[];
  value: HTMLElement;
  from: Text;
}

/** The nodes a read-out needs: a K×K table (with a ReLU line or not), or the pooling window. */
const shapeOf = (c: ReadoutContent) => (c.kind === 'conv' ? `conv${c.k}${c.relu === null ? '' : 'r'}` : 'pool');

/** Puts `root` into `host` in place of the read-out there before; the live canvas (readout-canvas.ts), if any, stays. */
export function mountReadout(host: HTMLElement, root: HTMLElement): void {
  for (const child of [...host.children]) if (!child.classList.contains('readout-live')) child.remove();
  host.append(root);
}

/** Writes read-outs into `host`, building the table once per shape (K, ReLU, conv or pool) and then only updating it. */
export class ReadoutWriter {
  private shape = '';
  private root: HTMLDivElement | null = null;
  private title: HTMLParagraphElement | null = null;
  private conv: ConvNodes | null = null;
  private pool: PoolNodes | null = null;

  constructor(private readonly host: HTMLElement) {}

  write(c: ReadoutContent): void {
    if (!this.fits(c)) this.build(c);
    setText(this.title!, c.title);
    if (c.kind === 'conv') this.writeConv(c);
    else this.writePool(c);
  }

  /** Only the data attributes (what the step is; the tests read them), while the live canvas shows the texts. */
  writeData(c: ReadoutContent): void {
    if (!this.fits(c)) return this.write(c);
    if (c.kind === 'conv') this.writeConvData(c);
    else this.writePoolData(c);
  }

  private fits(c: ReadoutContent): boolean {
    return shapeOf(c) === this.shape && this.root?.isConnected === true;
  }

  private build(c: ReadoutContent): void {
    this.shape = shapeOf(c);
    this.title = el('p', 'patch-title');
    const root = el('div', 'patch', this.title);
    if (c.kind === 'conv') {
      const cells: ConvNodes['cells'] = [];
      const body = el('tbody');
      for (let r = 0; r < c.k; r++) {
        const tr = el('tr');
        for (let q = 0; q < c.k; q++) {
          const x = el('span', 'x');
          const w = el('span', 'w');
          const p = el('span', 'p');
          const td = el('td', '', x, '×', w, p);
          cells.push({ td, x, w, p });
          tr.append(td);
        }
        body.append(tr);
      }
      const table = el('table', `patch-table k${c.k}`, body);
      table.style.setProperty('--k', String(c.k));
      const sum = document.createTextNode('');
      const total = el('strong');
      const sumLine = el('p', 'patch-sum', sum, total);
      sumLine.dataset.testid = 'filters.patch-sum';
      let relu: HTMLElement | null = null;
      let reluTotal: Text | null = null;
      let reluShown: HTMLElement | null = null;
      if (c.relu !== null) {
        reluTotal = document.createTextNode('');
        reluShown = el('strong');
        relu = el('span', '', reluTotal, reluShown);
        sumLine.append(relu);
      }
      const map = document.createTextNode('');
      sumLine.append(el('span', 'muted', map));
      root.append(table, sumLine);
      root.dataset.testid = 'filters.patch';
      this.conv = { cells, sum, total, relu, reluTotal, reluShown, map };
      this.pool = null;
    } else {
      const cells = [0, 1, 2, 3].map(() => el('td'));
      const body = el('tbody', '', el('tr', '', cells[0], cells[1]), el('tr', '', cells[2], cells[3]));
      const value = el('strong');
      const from = document.createTextNode('');
      root.append(el('table', 'patch-table', body), el('p', 'patch-sum', 'max = ', value, from));
      root.dataset.testid = 'filters.pool-window';
      this.pool = { cells, value, from };
      this.conv = null;
    }
    this.root = root;
    mountReadout(this.host, root);
  }

  private writeConv(c: Extract<ReadoutContent, { kind: 'conv' }>): void {
    const n = this.conv!;
    const { p } = c;
    const shown = c.relu ?? c.output;
    this.writeConvData(c);
    p.cells.forEach((cell, i) => {
      const nodes = n.cells[i];
      setAttr(nodes.td, 'class', cell.inside ? '' : 'pad-cell');
      setAttr(nodes.td, 'title', cell.inside ? `input (${cell.iy}, ${cell.ix})` : `padding (${cell.iy}, ${cell.ix}) = 0`);
      setText(nodes.x, fmt(cell.x));
      setText(nodes.w, fmt(cell.weight));
      setText(nodes.p, `=${fmt(cell.product)}`);
    });
    setText(n.sum, `Σ = ${fmt(p.sum)} \u00a0+ bias ${fmt(p.bias)} \u00a0= `);
    setText(n.total, fmt(p.total));
    if (n.reluTotal && n.reluShown) {
      setText(n.reluTotal, ` → ReLU max(0, ${fmt(p.total)}) = `);
      setText(n.reluShown, fmt(shown));
    }
    setText(n.map, ` (map value ${fmt(shown)})`);
  }

  private writeConvData(c: Extract<ReadoutContent, { kind: 'conv' }>): void {
    const { p } = c;
    for (const [name, v] of [['sum', p.sum], ['total', p.total], ['output', c.output], ['oy', p.oy], ['ox', p.ox]] as const) setAttr(this.root!, `data-${name}`, String(v));
  }

  private writePoolData(c: Extract<ReadoutContent, { kind: 'pool' }>): void {
    setAttr(this.root!, 'data-winner', String(c.w.winner));
    setAttr(this.root!, 'data-value', String(c.w.value));
  }

  private writePool(c: Extract<ReadoutContent, { kind: 'pool' }>): void {
    const n = this.pool!;
    const { w } = c;
    this.writePoolData(c);
    w.cells.forEach((cell, i) => {
      setAttr(n.cells[i], 'class', i === w.winner ? 'winner' : '');
      setAttr(n.cells[i], 'title', `(${cell.iy}, ${cell.ix})`);
      setText(n.cells[i], fmt(cell.value));
    });
    setText(n.value, fmt(w.value));
    setText(n.from, `, from (${w.cells[w.winner]?.iy}, ${w.cells[w.winner]?.ix})`);
  }
}
