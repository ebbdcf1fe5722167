// The enlarged conv map's read-out while its sliding filter plays: for a layer with one input channel, the designer's
// own patch × weights table (readout-dom.ts); for several, what each input channel adds (its patch · its K×K weights),
// the largest marked, then their sum plus the bias — written per step without React, like the designer's.
import { fmt } from '../../lib/filters/colors';
import { channelParts, patchWithBias, type LayerAnimation } from '../../lib/filters/layer-anim';
import { ReadoutWriter } from '../filters/readout-dom';

const title = (oy: number, ox: number, channel: number) => `Output (${oy}, ${ox}) of channel ${channel}`;

/** Writes the read-out of output cell (oy, ox) into `host`, keeping its nodes between steps. */
export class ZoomReadout {
  private readonly patch: ReadoutWriter;
  private list: { root: HTMLDivElement; head: HTMLParagraphElement; chips: HTMLSpanElement[]; sum: HTMLParagraphElement } | null = null;

  constructor(private readonly host: HTMLElement) {
    this.patch = new ReadoutWriter(host);
  }

  write(a: LayerAnimation, channel: number, oy: number, ox: number): void {
    const output = a.conv.data[oy * a.conv.w + ox];
    if (a.input.length === 1) {
      this.list = null;
      return this.patch.write({ kind: 'conv', p: patchWithBias(a, oy, ox), k: a.k, output, relu: null, title: `${title(oy, ox, channel)} = patch × weights, summed, plus bias` });
    }
    const c = channelParts(a, oy, ox);
    if (!this.list?.root.isConnected || this.list.chips.length !== c.parts.length) this.build(c.parts.length);
    const n = this.list!;
    n.head.textContent = `${title(oy, ox, channel)} = Σ over the ${c.parts.length} input channels of (that channel's patch · its ${a.k}×${a.k} weights), plus bias. Each input channel adds:`;
    c.parts.forEach((p, i) => {
      const chip = n.chips[i];
      chip.textContent = `in ${p.channel}: ${fmt(p.dot)}`;
      chip.className = i === c.top ? 'zoom-chip zoom-chip-top' : 'zoom-chip';
    });
    n.sum.textContent = `Σ = ${fmt(c.sum)}  + bias ${fmt(c.bias)}  = ${fmt(c.total)} (map value ${fmt(output)}); the largest share: input channel ${c.parts[c.top].channel}`;
    const d = n.root.dataset;
    d.sum = String(c.sum);
    d.total = String(c.total);
    d.output = String(output);
    d.top = String(c.parts[c.top].channel);
  }

  private build(channels: number): void {
    const root = document.createElement('div');
    root.className = 'patch';
    root.dataset.testid = 'maps.anim-channels';
    const head = document.createElement('p');
    head.className = 'patch-title';
    const list = document.createElement('p');
    list.className = 'zoom-chips';
    const chips = Array.from({ length: channels }, () => list.appendChild(document.createElement('span')));
    const sum = document.createElement('p');
    sum.className = 'patch-sum';
    root.append(head, list, sum);
    this.host.replaceChildren(root);
    this.list = { root, head, chips, sum };
  }
}
