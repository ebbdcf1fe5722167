// One layer of the current model: its description, output shape and parameter count, then its outputs —
// channel maps (conv, ReLU, pooling), bars (dense, a ReLU after one; softmax for the last) — and a conv layer's
// learned filters.
import { useMemo } from 'react';
import { describeLayer } from '../../../core/layers/registry';
import type { ModelId } from '../../../core/protocol';
import type { LayerInfo, LayerSpec } from '../../../core/spec';
import { rangeOf, scaleFor } from '../../lib/filters/colors';
import { fmtShape, mapScales } from '../../lib/filters/maps';
import { hasInk } from '../../lib/ink';
import { activationsOf, weightsOf } from '../../lib/model-fields';
import { useStore } from '../../store';
import { ColorLegend } from './ColorLegend';
import { DenseBars } from './DenseBars';
import { useThrottledValue } from './hooks';
import { LearnedFilters } from './LearnedFilters';
import { MapGrid } from './MapGrid';

/** How often a layer's legend follows the activations while they change. */
const LEGEND_MS = 150;

/** Conv outputs can be negative: shown on the diverging scale. ReLU and pooling outputs on gray. */
export const isDiverging = (l: LayerSpec) => l.type === 'conv2d' || l.type === 'dense';

function LayerLegend({ model, layer, channels, plane, diverging }: { model: ModelId; layer: number; channels: number; plane: number; diverging: boolean }) {
  // the legend's numbers need not follow every frame: a few updates a second (background renders) leave the frames
  // and the input to the maps
  const out = useThrottledValue((s) => activationsOf(s, model)?.outputs[layer] ?? null, LEGEND_MS, true);
  const mode = useStore((s) => s.mapScale);
  const ink = useStore((s) => hasInk(s.input));
  if (!out || out.size !== channels * plane || !ink) return null;
  if (mode === 'shared') return <ColorLegend scale={mapScales(out.data, channels, plane, 'shared', diverging)[0]} label="all maps" />;
  return <ColorLegend scale={scaleFor(rangeOf(out.data), diverging)} label="layer range; each map scaled to its own" />;
}

export function LayerSection({ model, info, spec, width, last, onOpen }: { model: ModelId; info: LayerInfo; spec: LayerSpec; width: number; last: boolean; onOpen: (layer: number, channel: number) => void }) {
  // the shape as a string: each weight refresh (every 500 ms while training) brings new arrays, not a new shape
  const weightKey = useStore((s) => weightsOf(s, model)?.find((w) => w.name === `${info.index}.weight`)?.shape.join('×') ?? null);
  const weight = useMemo(() => (weightKey ? weightKey.split('×').map(Number) : null), [weightKey]);
  const image = info.outShape.length === 3;
  const [c, h, w] = info.outShape;
  const diverging = isDiverging(spec);
  // dense layers and what follows them per value (a ReLU after a dense layer): one bar per unit
  const vector = info.outShape.length === 1 && info.type !== 'flatten';
  return (
    <section className="layer-section" data-testid={`maps.layer.${info.index}`} data-type={info.type} data-shape={info.outShape.join('x')} data-params={info.params}>
      <header className="layer-head">
        <strong>
          {info.index} · {info.type}
        </strong>
        <span>{describeLayer(spec)}</span>
        <span className="spacer" />
        <span className="shape">out {fmtShape(info)}</span>
        <span className="shape">{info.params.toLocaleString('en-US')} params</span>
      </header>
      <div className="layer-body">
        {image && (
          <>
            <MapGrid model={model} layer={info.index} channels={c} h={h} w={w} diverging={diverging} width={width} onOpen={(ch) => onOpen(info.index, ch)} />
            <LayerLegend model={model} layer={info.index} channels={c} plane={h * w} diverging={diverging} />
            {spec.type === 'maxpool2d' && <p className="hint">Each value is the largest in its window of the previous layer; open a map to see the windows and the winners.</p>}
          </>
        )}
        {info.type === 'flatten' && <p className="hint">No new values: the previous layer's {info.outShape[0]} numbers in one row, for the dense layer.</p>}
        {vector && <DenseBars model={model} layer={info.index} units={info.outShape[0]} width={width} last={last} />}
        {spec.type === 'conv2d' && weight?.length === 4 && weight[0] === spec.filters && (
          <details className="filters-learned" open={info.index === 0}>
            <summary>Learned filters ({weight.join('×')})</summary>
            <LearnedFilters model={model} layer={info.index} shape={weight} width={width} onOpen={(ch) => onOpen(info.index, ch)} />
          </details>
        )}
      </div>
    </section>
  );
}
