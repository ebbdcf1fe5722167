// The 28×28 network input (after MNIST preprocessing), enlarged with visible pixels.
import { useEffect, useRef } from 'react';
import { paintGray } from '../../lib/gray-canvas';
import { useStore } from '../../store';

export function InputPreview({ size = 112 }: { size?: number }) {
  const input = useStore((s) => s.input);
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (ref.current) paintGray(ref.current, input, 28, 28);
  }, [input]);
  return (
    <figure className="input-preview">
      <canvas ref={ref} width={28} height={28} style={{ width: size, height: size }} data-testid="draw.input" />
      <figcaption>28×28 input</figcaption>
    </figure>
  );
}
