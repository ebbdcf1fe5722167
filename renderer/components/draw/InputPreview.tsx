// The 28×28 network input (after MNIST preprocessing), painted at its own size and enlarged by CSS with visible
// pixels; repainted in the run of the frame queue that made the input, without a React render, on a live
// (low-latency) canvas.
import { paintGray } from '../../lib/gray-canvas';
import { liveContext, useLiveCanvas } from '../../lib/live-canvas';
import { useStore } from '../../store';
import { useFramePaint } from '../maps/hooks';

export function InputPreview({ size = 112 }: { size?: number }) {
  const [ref, attach] = useLiveCanvas();
  useFramePaint(
    () => {
      if (ref.current) paintGray(ref.current, useStore.getState().input, 28, 28, 1, liveContext(ref.current));
    },
    (s, prev) => s.input !== prev.input,
    [],
  );
  return (
    <figure className="input-preview">
      <canvas ref={attach} width={28} height={28} style={{ width: size, height: size }} data-testid="draw.input" />
      <figcaption>28×28 input</figcaption>
    </figure>
  );
}
