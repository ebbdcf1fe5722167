// A small image of values (an image patch, a kernel, an average) on a canvas at its own size, enlarged by CSS with
// crisp pixels; repainted when its values change. For still pictures (not the live maps, which paint per run).
import { useEffect, useRef } from 'react';
import type { ColorScale } from '../../lib/filters/colors';
import { paintCanvas } from './paint';

export function ValuesImage(props: { values: ArrayLike<number>; w: number; h: number; scale: ColorScale; offset?: number; px: number; label?: string; testId?: string }) {
  const { values, w, h, scale, offset = 0, px, label, testId } = props;
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (ref.current) paintCanvas(ref.current, values, w, h, scale, offset);
  }, [values, w, h, scale, offset]);
  return <canvas ref={ref} className="values-image" width={w} height={h} style={{ width: w * px, height: h * px }} role={label ? 'img' : undefined} aria-label={label} aria-hidden={label ? undefined : true} data-testid={testId} />;
}
