// A small MNIST digit image (0..255 pixels) with a caption; clicking it shows the digit in Draw & predict.
import { useEffect, useRef } from 'react';
import { paintGray } from '../../lib/gray-canvas';

export function DigitThumb({ pixels, caption, title, onClick, testId }: { pixels: Uint8Array; caption: string; title?: string; onClick?: () => void; testId?: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (ref.current) paintGray(ref.current, pixels, 28, 28, 255);
  }, [pixels]);
  return (
    <button className="thumb" onClick={onClick} title={title} data-testid={testId}>
      <canvas ref={ref} width={28} height={28} />
      <span>{caption}</span>
    </button>
  );
}
