// The 28×28 network input (after MNIST preprocessing), painted at its own size and enlarged by CSS with visible
// pixels; repainted in the run of the frame queue that made the input, without a React render.
import { useRef } from 'react';
import { paintGray } from '../../lib/gray-canvas';
import { useStore } from '../../store';
import { useFramePaint } from '../maps/hooks';

export function InputPreview({ size = 112 }: { size?: number }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useFramePaint(
    () => {
      if (ref.current) paintGray(ref.current, useStore.getState().input, 28, 28);
    },
    (s, prev) => s.input !== prev.input,
    [],
  );
  return (
    <figure className="input-preview">
      <canvas ref={ref} width={28} height={28} style={{ width: size, height: size }} data-testid="draw.input" />
      <figcaption>28×28 input</figcaption>
    </figure>
  );
}
