// A small test-set image (0..255 pixels, its first channel shown) with a caption; clicking it shows the image in
// Draw & predict.
import { useEffect, useRef } from 'react';
import { paintGray } from '../../lib/gray-canvas';

export function DigitThumb(props: { pixels: Uint8Array; h: number; w: number; caption: string; title?: string; onClick?: () => void; testId?: string }) {
  const { pixels, h, w, caption, title, onClick, testId } = props;
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (ref.current) paintGray(ref.current, pixels, w, h, 255);
  }, [pixels, h, w]);
  return (
    <button className="thumb" onClick={onClick} title={title} data-testid={testId}>
      <canvas ref={ref} width={w} height={h} />
      <span>{caption}</span>
    </button>
  );
}
