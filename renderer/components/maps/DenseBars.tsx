// A dense layer's outputs as bars (blue negative, red positive, around a zero line); for the last layer also
// the softmax probabilities of the ten digits. Drawn imperatively (one Konva.Shape each) in the activations' frame.
import type Konva from 'konva';
import { useRef } from 'react';
import { Layer, Shape, Stage } from 'react-konva';
import type { Activations } from '../../../core/model';
import type { FloatArray } from '../../../core/tensor';
import { setText } from '../../lib/dom-text';
import { colorOf, cssColor, fmt, rangeOf } from '../../lib/filters/colors';
import { useStore } from '../../store';
import { useFramePaint, useProbeDraw } from './hooks';
import { drawLayer } from './paint';
import { useStageRegistry } from './registry';

const H = 64;

interface BarsData {
  values: FloatArray;
  probs: FloatArray | null;
}

/** Bar geometry for one layer's values: zero line and scale. */
function geometry(values: FloatArray) {
  const r = rangeOf(values);
  const maxAbs = Math.max(1e-6, Math.abs(r.min), Math.abs(r.max));
  return { r, maxAbs, zero: r.min < 0 ? H / 2 : H - 1, span: r.min < 0 ? H / 2 - 1 : H - 2 };
}

function drawBars(ctx: Konva.Context, values: FloatArray, bw: number, units: number): void {
  const { maxAbs, zero, span } = geometry(values);
  const scale = { kind: 'diverging', maxAbs } as const;
  ctx.setAttr('fillStyle', '#475569');
  ctx.fillRect(0, zero, bw * units, 1);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const hgt = (Math.abs(v) / maxAbs) * span;
    ctx.setAttr('fillStyle', cssColor(colorOf(v, scale)));
    ctx.fillRect(i * bw + (bw > 4 ? 1 : 0), v >= 0 ? zero - hgt : zero + 1, bw > 4 ? bw - 2 : bw, hgt);
  }
  if (units > 10) return;
  ctx.setAttr('font', '10px sans-serif');
  ctx.setAttr('textAlign', 'center');
  ctx.setAttr('textBaseline', 'top');
  ctx.setAttr('fillStyle', '#8a99ad');
  for (let i = 0; i < values.length; i++) ctx.fillText(String(i), i * bw + bw / 2, H + 1);
}

function drawProbs(ctx: Konva.Context, probs: FloatArray, w: number): void {
  const best = argmax(probs);
  ctx.setAttr('textAlign', 'center');
  ctx.setAttr('textBaseline', 'top');
  for (let i = 0; i < probs.length; i++) {
    const hgt = probs[i] * (H - 2);
    ctx.setAttr('fillStyle', i === best ? '#38bdf8' : '#3b4b61');
    ctx.fillRect(i * w + 2, H - Math.max(hgt, 0.5), w - 4, Math.max(hgt, 0.5));
    ctx.setAttr('font', '11px sans-serif');
    ctx.setAttr('fillStyle', i === best ? '#38bdf8' : '#cbd5e1');
    ctx.fillText(String(i), i * w + w / 2, H + 2);
    ctx.setAttr('font', '9px sans-serif');
    ctx.setAttr('fillStyle', '#8a99ad');
    ctx.fillText(`${Math.round(probs[i] * 100)}%`, i * w + w / 2, H + 15);
  }
}

const argmax = (p: FloatArray) => p.indexOf(Math.max(...p));

export function DenseBars({ layer, units, width, last }: { layer: number; units: number; width: number; last: boolean }) {
  const ready = useStore((s) => s.activations?.outputs[layer]?.data.length === units);
  const register = useStageRegistry(`dense-${layer}`);
  const registerProbs = useStageRegistry(`probs-${layer}`);
  const data = useRef<BarsData | null>(null);
  const shown = useRef<Activations | null>(null);
  const barsLayer = useRef<Konva.Layer>(null);
  const probsLayer = useRef<Konva.Layer>(null);
  const box = useRef<HTMLDivElement>(null);
  const hint = useRef<HTMLDivElement>(null);
  const softmax = useRef<HTMLDivElement>(null);
  const onBarsDraw = useProbeDraw(`dense-${layer}`, ready, shown);
  const onProbsDraw = useProbeDraw(`softmax-${layer}`, ready && last, shown);
  const bw = Math.max(2, Math.min(26, Math.floor(width / units)));
  const pw = Math.max(bw, 24);

  useFramePaint(
    () => {
      const a = useStore.getState().activations;
      const values = a?.outputs[layer]?.data;
      if (!a || !values || values.length !== units) return;
      const probs: FloatArray | null = last ? a.probs : null;
      data.current = { values, probs };
      shown.current = a;
      const { r, maxAbs } = geometry(values);
      if (box.current) box.current.dataset.maxAbs = String(maxAbs);
      setText(hint.current, `${last ? 'class scores (logits)' : `${units} units`}, range ${fmt(r.min)} … ${fmt(r.max)}`);
      if (softmax.current && probs) {
        softmax.current.dataset.best = String(argmax(probs));
        softmax.current.dataset.probs = Array.from(probs, (p) => p.toFixed(4)).join(',');
      }
      drawLayer(barsLayer.current);
      drawLayer(probsLayer.current);
    },
    (s, prev) => s.activations !== prev.activations,
    [layer, units, last, ready, bw],
  );

  if (!ready) return <p className="hint">no activations yet</p>;
  return (
    <div className="dense-bars" ref={box} data-testid={`maps.dense.${layer}`} data-units={units}>
      <Stage ref={(st) => register(st)} width={bw * units} height={H + (units <= 10 ? 14 : 0)}>
        <Layer ref={barsLayer} listening={false} onDraw={onBarsDraw}>
          <Shape sceneFunc={(ctx) => data.current && drawBars(ctx, data.current.values, bw, units)} />
        </Layer>
      </Stage>
      <div className="hint" ref={hint} />
      {last && (
        <div className="probs-softmax" ref={softmax} data-testid="maps.softmax">
          <Stage ref={(st) => registerProbs(st)} width={pw * 10} height={H + 28}>
            <Layer ref={probsLayer} listening={false} onDraw={onProbsDraw}>
              <Shape sceneFunc={(ctx) => data.current?.probs && drawProbs(ctx, data.current.probs, pw)} />
            </Layer>
          </Stage>
          <div className="hint">softmax: probability of each digit</div>
        </div>
      )}
    </div>
  );
}
