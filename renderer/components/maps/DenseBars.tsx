// A dense layer's outputs as bars (blue negative, red positive, around a zero line); for the last layer also
// the softmax probabilities of the ten digits. Re-rendered at most once per animation frame.
import { useLayoutEffect, useRef } from 'react';
import { Layer, Rect, Stage, Text } from 'react-konva';
import type { Activations } from '../../../core/model';
import { colorOf, cssColor, fmt, rangeOf } from '../../lib/filters/colors';
import { useFrameValue, useProbeDraw } from './hooks';
import { useStageRegistry } from './registry';

const H = 64;

export function DenseBars({ layer, units, width, last }: { layer: number; units: number; width: number; last: boolean }) {
  const act = useFrameValue((s) => s.activations);
  const values = act?.outputs[layer]?.data ?? null;
  const probs = last ? (act?.probs ?? null) : null;
  const shown = useRef<Activations | null>(null);
  useLayoutEffect(() => {
    shown.current = act;
  }, [act]);
  const onBarsDraw = useProbeDraw(`dense-${layer}`, values?.length === units, shown);
  const onProbsDraw = useProbeDraw(`softmax-${layer}`, values?.length === units && probs !== null, shown);
  const register = useStageRegistry(`dense-${layer}`);
  const registerProbs = useStageRegistry(`probs-${layer}`);
  if (!values || values.length !== units) return <p className="hint">no activations yet</p>;
  const bw = Math.max(2, Math.min(26, Math.floor(width / units)));
  const r = rangeOf(values);
  const maxAbs = Math.max(1e-6, Math.abs(r.min), Math.abs(r.max));
  const zero = r.min < 0 ? H / 2 : H - 1;
  const span = r.min < 0 ? H / 2 - 1 : H - 2;
  const scale = { kind: 'diverging', maxAbs } as const;
  const best = probs ? probs.indexOf(Math.max(...probs)) : -1;
  return (
    <div className="dense-bars" data-testid={`maps.dense.${layer}`} data-units={units} data-max-abs={maxAbs}>
      <Stage ref={(st) => register(st)} width={bw * units} height={H + (units <= 10 ? 14 : 0)}>
        <Layer listening={false} onDraw={onBarsDraw}>
          <Rect x={0} y={zero} width={bw * units} height={1} fill="#475569" />
          {Array.from(values, (v, i) => {
            const hgt = (Math.abs(v) / maxAbs) * span;
            return <Rect key={i} x={i * bw + (bw > 4 ? 1 : 0)} y={v >= 0 ? zero - hgt : zero + 1} width={bw > 4 ? bw - 2 : bw} height={hgt} fill={cssColor(colorOf(v, scale))} />;
          })}
          {units <= 10 && Array.from(values, (_, i) => <Text key={`l${i}`} x={i * bw} y={H + 1} width={bw} align="center" text={String(i)} fontSize={10} fill="#8a99ad" />)}
        </Layer>
      </Stage>
      <div className="hint">
        {last ? 'class scores (logits)' : `${units} units`}, range {fmt(r.min)} … {fmt(r.max)}
      </div>
      {probs && (
        <div className="probs-softmax" data-testid="maps.softmax" data-best={best} data-probs={Array.from(probs, (p) => p.toFixed(4)).join(',')}>
          <Stage ref={(st) => registerProbs(st)} width={Math.max(bw, 24) * 10} height={H + 28}>
            <Layer listening={false} onDraw={onProbsDraw}>
              {Array.from(probs, (p, i) => {
                const w = Math.max(bw, 24);
                const hgt = p * (H - 2);
                return [
                  <Rect key={`b${i}`} x={i * w + 2} y={H - hgt} width={w - 4} height={Math.max(hgt, 0.5)} fill={i === best ? '#38bdf8' : '#3b4b61'} />,
                  <Text key={`d${i}`} x={i * w} y={H + 2} width={w} align="center" text={String(i)} fontSize={11} fill={i === best ? '#38bdf8' : '#cbd5e1'} />,
                  <Text key={`p${i}`} x={i * w} y={H + 15} width={w} align="center" text={`${Math.round(p * 100)}%`} fontSize={9} fill="#8a99ad" />,
                ];
              })}
            </Layer>
          </Stage>
          <div className="hint">softmax: probability of each digit</div>
        </div>
      )}
    </div>
  );
}
