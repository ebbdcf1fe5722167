// The model's H×W network input (after MNIST-style preprocessing; its first channel), painted at its own size and
// enlarged by CSS with visible pixels; repainted in the run of the frame queue that made the input, without a React
// render, on a live (low-latency) canvas.
import type { ModelId } from '../../../core/protocol';
import { paintGray } from '../../lib/gray-canvas';
import { liveContext, useLiveCanvas } from '../../lib/live-canvas';
import { inputShapeOf } from '../../lib/model-fields';
import { useStore } from '../../store';
import { useFramePaint } from '../maps/hooks';

export function InputPreview({ model, size = 112 }: { model: ModelId; size?: number }) {
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
      <canvas ref={attach} width={w} height={h} style={{ width: size, height: (size * h) / w }} data-testid="draw.input" />
      <figcaption>
        {h}×{w} input
      </figcaption>
    </figure>
  );
}
