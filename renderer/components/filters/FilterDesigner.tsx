// The filter designer panel: edit a K×K kernel (grid, presets, exact values), choose stride/padding/ReLU/pooling,
// and see it run live on the drawing or a test image with core's own ops (hover a cell, or play the sliding filter);
// then put it into the network.
import { useEffect, useLayoutEffect, useMemo, useState } from 'react';
import type { ModelId } from '../../../core/protocol';
import { mapChecksum, timelineOf } from '../../lib/filters/animation';
import { absSum, DesignerError, runDesigner, type DesignerConfig, type DesignerResult } from '../../lib/filters/designer';
import { testImage } from '../../lib/filters/test-images';
import { inputShapeOf } from '../../lib/model-fields';
import { useThrottledValue } from '../maps/hooks';
import { AnimationPlayer } from '../../lib/filters/player';
import { useStore } from '../../store';
import { AnimationControls } from './AnimationControls';
import { CellEditor } from './CellEditor';
import { FilterControls } from './FilterControls';
import { PatchReadout } from './PatchReadout';
import { canBeNegative, PipelineView, type Hover } from './PipelineView';
import { useDesignerCue } from './useDesignerCue';
import { UseInNetwork, useRecordComparison } from './UseInNetwork';
import { WeightGrid } from './WeightGrid';
import './filters.css';

/** Which pads the formula used: one P, or before (top/left) and after (bottom/right); for 'same', the size it aims at. */
export function padsNote(result: DesignerResult, padding: DesignerConfig['padding'], stride: number): string {
  const { left, right } = result.pads;
  const pads = left === right ? `P = ${left}` : `P_before = ${left} (top/left), P_after = ${right} (bottom/right): the odd extra pad goes bottom/right, as in TensorFlow`;
  const w = result.input.w;
  return padding === 'same' ? `${pads}; 'same' pads so that out = ⌈W/S⌉ = ⌈${w}/${stride}⌉ = ${Math.ceil(w / stride)}` : pads;
}

function Formula({ result, padding, stride }: { result: DesignerResult; padding: DesignerConfig['padding']; stride: number }) {
  const f = result.formula;
  return (
    <div className="formula" data-testid="filters.formula">
      <div>
        Output size <code>{f.conv.symbolic}</code> = <code data-testid="filters.formula-conv">{f.conv.numeric}</code>
        <span className="muted" data-testid="filters.formula-pads">
          {' '}
          ({padsNote(result, padding, stride)})
        </span>
      </div>
      {f.pool && (
        <div>
          After 2×2 pooling <code>{f.pool.symbolic}</code> = <code data-testid="filters.formula-pool">{f.pool.numeric}</code>
        </div>
      )}
    </div>
  );
}

/** How often, at most, the designer follows a drawing in progress. */
const FOLLOW_MS = 200;

/**
 * The drawing's network input, followed as a transition at most every FOLLOW_MS (the last one always lands): while
 * strokes come in, the designer re-runs in a background render after the frame that shows the prediction and the
 * feature maps, never inside it, and not for every stroke point.
 */
const useDrawingInput = (): Float32Array => useThrottledValue((s) => s.input, FOLLOW_MS, true);

export function FilterDesigner({ model }: { model: ModelId }) {
  const designer = useStore((s) => s.designer);
  const shape = useStore((s) => inputShapeOf(s, model));
  const drawing = useDrawingInput();
  const [hover, setHover] = useState<Hover | null>(null);
  const [player] = useState(() => new AnimationPlayer());
  useRecordComparison();

  // the model's input size; the drawing's first channel (blank while the input is for another size)
  const [h, w] = shape ? [shape[1], shape[2]] : [0, 0];
  const image = useMemo(() => {
    if (designer.input !== 'drawing') return testImage(designer.input, h, w);
    return drawing.length >= h * w ? drawing.subarray(0, h * w) : new Float32Array(h * w);
  }, [designer.input, drawing, h, w]);
  const blank = useMemo(() => designer.input === 'drawing' && image.every((v) => v === 0), [designer.input, image]);
  const cfg: DesignerConfig = useMemo(
    () => ({ k: designer.k, weights: designer.weights, bias: designer.bias, stride: designer.stride, padding: designer.padding, relu: designer.relu, pool: designer.pool }),
    [designer.k, designer.weights, designer.bias, designer.stride, designer.padding, designer.relu, designer.pool],
  );
  const computed = useMemo((): { result: DesignerResult } | { error: string } => {
    try {
      return { result: runDesigner(image, h, w, cfg) };
    } catch (e) {
      return { error: e instanceof DesignerError ? e.message : `could not compute: ${(e as Error).message}` };
    }
  }, [image, h, w, cfg]);
  const result = 'result' in computed ? computed.result : null;
  const timeline = useMemo(() => (result ? timelineOf(result) : null), [result]);
  const total = timeline?.total ?? 0;
  // before the painters' effects see the new result (their step must exist in it)
  useLayoutEffect(() => player.setTotal(total), [player, total]);
  useEffect(() => () => player.dispose(), [player]);
  useDesignerCue(player, timeline);
  const checksums = useMemo(() => (result ? { conv: mapChecksum(result.conv.data), pool: result.pooled ? mapChecksum(result.pooled.data) : '' } : null), [result]);
  // A hover left over from another configuration may point outside the new maps.
  const validHover = hover && result && inRange(hover, result) ? hover : null;

  return (
    <div
      className="filter-designer"
      data-testid="filters.panel"
      data-conv-h={result?.conv.h}
      data-conv-w={result?.conv.w}
      data-conv-abs-sum={result ? absSum(result.conv) : ''}
      data-pooled-w={result?.pooled?.w ?? ''}
      data-conv-checksum={checksums?.conv ?? ''}
      data-pool-checksum={checksums?.pool ?? ''}
    >
      {/* WeightGrid, CellEditor, FilterControls and UseInNetwork are memo'd (no props but the model id): following the drawing
          re-renders only the formula, maps and readout */}
      <div className="designer-top">
        <div className="designer-kernel">
          <WeightGrid />
          <CellEditor />
        </div>
        <FilterControls />
      </div>
      {result ? (
        <>
          <Formula result={result} padding={designer.padding} stride={designer.stride} />
          <PipelineView
            result={result}
            relu={designer.relu}
            signed={canBeNegative(designer.weights, designer.bias)}
            k={designer.k}
            stride={designer.stride}
            hover={validHover}
            onHover={setHover}
            player={player}
            toolbar={<AnimationControls player={player} result={result} k={designer.k} stride={designer.stride} />}
          >
            <PatchReadout result={result} cfg={cfg} hover={validHover} player={player} blank={blank} />
          </PipelineView>
        </>
      ) : (
        <p className="field-error" role="alert" data-testid="filters.error">
          {'error' in computed && computed.error}
        </p>
      )}
      <UseInNetwork model={model} />
    </div>
  );
}

function inRange(h: Hover, r: DesignerResult): boolean {
  const p = h.map === 'pool' ? r.pooled : h.map === 'relu' ? r.activated : r.conv;
  return p !== null && h.oy < p.h && h.ox < p.w;
}
