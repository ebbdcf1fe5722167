// The model's H×W network input (after MNIST-style preprocessing; its first channel), painted at its own size and
// enlarged by CSS with visible pixels; repainted in the run of the frame queue that made the input, without a React
// render, on a live (low-latency) canvas; with `overlay`, the explanation over it.
import type { ModelId } from '../../../core/protocol';
import { paintGray } from '../../lib/gray-canvas';
import { liveContext, useLiveCanvas } from '../../lib/live-canvas';
import { inputShapeOf } from '../../lib/model-fields';
import { useStore } from '../../store';
import { useFramePaint } from '../maps/hooks';
import { InputOverlay } from './ExplainOverlay';

/** `overlay`: the explanation overlay is painted over it (Draw & predict's preview). */
export function InputPreview({ model, size = 112, overlay = false }: { model: ModelId; size?: number; overlay?: boolean }) {
  const [ref, attach] = useLiveCanvas();
  const shape = useStore((s) => inputShapeOf(s, model));
  const [h, w] = shape ? [shape[1], shape[2]] : [1, 1];
  useFramePaint(
    () => {
      const input = useStore.getState().input;
      // (an input made for another model's size is not this model's: left as it was)
      if (ref.current && input.length >= h * w) paintGray(ref.current, input, w, h, 1, liveContext(ref.current));
    },
    (s, prev) => s.input !== prev.input,
    [h, w],
  );
  return (
    <figure className="input-preview">
      <span className="input-stack">
        <canvas ref={attach} width={w} height={h} style={{ width: size, height: (size * h) / w }} data-testid="draw.input" />
        {overlay && <InputOverlay w={w} h={h} size={size} />}
      </span>
      <figcaption>
        {h}×{w} input
      </figcaption>
    </figure>
  );
}
