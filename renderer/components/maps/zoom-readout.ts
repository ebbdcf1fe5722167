// The enlarged conv map's read-out while its sliding filter plays: for a layer with one input channel, the designer's
// own patch × weights table (readout-dom.ts); for several, what each input channel adds (its patch · its K×K weights),
// the largest marked, then their sum plus the bias — written per step without React, like the designer's (the
// one-channel table on the live canvas while playing; the channel list in the DOM).
import { fmt } from '../../lib/filters/colors';
import { channelParts, patchWithBias, type LayerAnimation } from '../../lib/filters/layer-anim';
import { StepReadout } from '../filters/readout-canvas';
import { mountReadout } from '../filters/readout-dom';

const title = (oy: number, ox: number, channel: number) => `Output (${oy}, ${ox}) of channel ${channel}`;

/** Writes the read-out of output cell (oy, ox) into `host`, keeping its nodes between steps. */
export class ZoomReadout {
  private readonly patch: StepReadout;
  private list: { root: HTMLDivElement; head: HTMLParagraphElement; chips: HTMLSpanElement[]; sum: HTMLParagraphElement } | null = null;

  constructor(private readonly host: HTMLElement) {
    this.patch = StepReadout.of(host);
  }

  /** `playing`: a layer with one input channel draws its read-out on the live canvas (readout-canvas.ts). */
  write(a: LayerAnimation, channel: number, oy: number, ox: number, playing = false): void {
    const output = a.conv.data[oy * a.conv.w + ox];
    if (a.input.length === 1) {
      this.list = null;
      return this.patch.show({ kind: 'conv', p: patchWithBias(a, oy, ox), k: a.k, output, relu: null, title: `${title(oy, ox, channel)} = patch × weights, summed, plus bias` }, playing);
    }
    this.patch.rest();
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

  /** The animation stops or gets new numbers: back to the DOM read-out until the next step. */
  rest(): void {
    this.patch.rest();
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
    mountReadout(this.host, root);
    this.list = { root, head, chips, sum };
  }
}
