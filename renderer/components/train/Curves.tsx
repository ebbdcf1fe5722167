// Live training curves in Konva: training loss and accuracy smoothed per N batches, test loss/accuracy per
// epoch. Wheel zooms, drag pans, double-click resets; export as PNG or CSV. Redraws at most ~5×/s.
import type Konva from 'konva';
import { startTransition, useEffect, useMemo, useRef, useState } from 'react';
import { Circle, Group, Layer, Line, Rect, Stage, Text } from 'react-konva';
import type { ModelId } from '../../../core/protocol';
import type { EpochEvent } from '../../../core/train/trainer';
import { useController } from '../../app/context';
import { curvesCsv, panView, smooth, zoomView, type View } from '../../lib/curves';
import { useStore } from '../../store';
import { runOf } from '../../store/select';
import { BatchSeries } from '../../store/training';

const HEIGHT = 260;
const PAD = { left: 40, right: 12, top: 22, bottom: 22 };
const COLORS = { loss: '#f59e0b', acc: '#38bdf8', testLoss: '#fb7185', testAcc: '#34d399', grid: '#263041', text: '#94a3b8' };

/** What a model with no run shows (never pushed to). */
const NO_SERIES = new BatchSeries();
const NO_EPOCHS: EpochEvent[] = [];

/**
 * A new tick when the run's series or epochs change: a background render (input, a stroke being drawn, goes first)
 * started with the store update, so the curves are painted in the frame that shows the progress line's new text and
 * not in one of their own (batch reports reach the store at most every BATCH_FLUSH_MS, 250 ms).
 */
function useRedrawTick(model: ModelId): number {
  const [tick, setTick] = useState(0);
  useEffect(
    () =>
      useStore.subscribe((s, prev) => {
        const r = runOf(s, model);
        const p = runOf(prev, model);
        if (r?.batchTick !== p?.batchTick || r?.epochs !== p?.epochs || r?.series !== p?.series) startTransition(() => setTick((t) => t + 1));
      }),
    [model],
  );
  return tick;
}

function useWidth(ref: React.RefObject<HTMLDivElement | null>): number {
  const [w, setW] = useState(480);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    // a hidden chart (another tab is shown) keeps its last width
    const ro = new ResizeObserver(() => el.clientWidth > 0 && setW(Math.max(240, Math.floor(el.clientWidth))));
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref]);
  return w;
}

export function Curves({ model }: { model: ModelId }) {
  const controller = useController();
  const tick = useRedrawTick(model);
  const series = useStore((s) => runOf(s, model)?.series ?? NO_SERIES);
  const epochs = useStore((s) => runOf(s, model)?.epochs ?? NO_EPOCHS);
  const box = useRef<HTMLDivElement>(null);
  const stage = useRef<Konva.Stage>(null);
  const width = useWidth(box);
  const [smoothN, setSmoothN] = useState(10);
  const [view, setView] = useState<View | null>(null);
  const drag = useRef<{ x: number; view: View } | null>(null);
  const [hover, setHover] = useState<number | null>(null);

  const total = Math.max(series.length, 1);
  const v = view ?? { x0: 0, x1: total };
  const plotW = width - PAD.left - PAD.right;
  const half = (HEIGHT - PAD.top - PAD.bottom) / 2 - 12;
  const sx = (x: number) => PAD.left + ((x - v.x0) / Math.max(1e-9, v.x1 - v.x0)) * plotW;

  const data = useMemo(() => {
    const loss = smooth(series.loss, smoothN);
    const acc = smooth(series.accuracy, smoothN);
    const testLoss = epochs.map((e, i) => ({ x: series.epochEnds[i] ?? 0, y: e.testLoss }));
    const testAcc = epochs.map((e, i) => ({ x: series.epochEnds[i] ?? 0, y: e.testAccuracy }));
    const maxLoss = Math.max(0.5, ...loss.map((p) => p.y), ...testLoss.map((p) => p.y));
    return { loss, acc, testLoss, testAcc, maxLoss };
  }, [series, epochs, smoothN, tick]);

  const pts = (ps: { x: number; y: number }[], top: number, max: number) => ps.filter((p) => p.x >= v.x0 - smoothN && p.x <= v.x1 + smoothN).flatMap((p) => [sx(p.x), top + half - (p.y / max) * half]);
  const lossTop = PAD.top;
  const accTop = PAD.top + half + 24;

  /** Smoothed values at a step, for the hover read-out. */
  const readout = (step: number): string => {
    const i = Math.max(0, Math.min(data.loss.length - 1, Math.ceil(step / smoothN) - 1));
    const per = series.batchesPerEpoch || 1;
    const at = data.loss[i].x;
    return `batch ${at} (epoch ${Math.ceil(at / per)}) · loss ${data.loss[i].y.toFixed(3)} · acc ${(data.acc[i].y * 100).toFixed(1)}%`;
  };

  const onWheel = (e: Konva.KonvaEventObject<WheelEvent>) => {
    e.evt.preventDefault();
    const p = stage.current?.getPointerPosition();
    if (!p || series.length < 4) return;
    const at = v.x0 + ((p.x - PAD.left) / plotW) * (v.x1 - v.x0);
    setView(zoomView(v, e.evt.deltaY < 0 ? 0.8 : 1.25, at, total));
  };

  useEffect(() => {
    controller.training.curvesPng = () => stage.current?.toDataURL({ pixelRatio: 2 }) ?? null;
    return () => {
      controller.training.curvesPng = null;
    };
  }, [controller]);
  const exportPng = () => void controller.training.exportCurvesPng();
  const exportCsv = () => void controller.training.exportCurvesCsv(curvesCsv(series, epochs));

  const yLabels = (top: number, max: number, fmt: (v: number) => string) =>
    [0, 0.5, 1].map((f) => (
      <Group key={f}>
        <Line points={[PAD.left, top + half - f * half, width - PAD.right, top + half - f * half]} stroke={COLORS.grid} strokeWidth={1} />
        <Text x={0} y={top + half - f * half - 6} width={PAD.left - 6} align="right" text={fmt(f * max)} fontSize={10} fill={COLORS.text} />
      </Group>
    ));

  return (
    <div className="curves" ref={box} data-testid="train.curves" data-points={series.length} data-epochs={epochs.length} data-hover={hover !== null && data.loss.length > 0 ? readout(hover) : undefined}>
      <div className="curves-bar">
        <span className="legend">
          {(
            [
              ['train loss', COLORS.loss],
              ['test loss', COLORS.testLoss],
              ['train acc', COLORS.acc],
              ['test acc', COLORS.testAcc],
            ] as const
          ).map(([name, color]) => (
            <span key={name} className="legend-item">
              <i style={{ background: color }} />
              {name}
            </span>
          ))}
        </span>
        <label className="small">
          smooth
          <select value={smoothN} onChange={(e) => setSmoothN(Number(e.target.value))} data-testid="train.curves.smooth">
            {[1, 10, 50, 200].map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <button className="small" onClick={() => setView(null)} disabled={!view} data-testid="train.curves.reset-zoom">
          Reset zoom
        </button>
        <button className="small" onClick={exportPng} disabled={series.length === 0} data-testid="train.curves.png">
          PNG
        </button>
        <button className="small" onClick={exportCsv} disabled={series.length === 0} data-testid="train.curves.csv">
          CSV
        </button>
      </div>
      <Stage
        ref={stage}
        width={width}
        height={HEIGHT}
        onWheel={onWheel}
        onDblClick={() => setView(null)}
        onPointerDown={(e) => (drag.current = { x: e.evt.clientX, view: v })}
        onPointerMove={(e) => {
          const p = stage.current?.getPointerPosition();
          if (p && series.length > 0 && p.x >= PAD.left && p.x <= width - PAD.right) setHover(v.x0 + ((p.x - PAD.left) / plotW) * (v.x1 - v.x0));
          if (!drag.current || !view) return;
          const dx = ((drag.current.x - e.evt.clientX) / plotW) * (v.x1 - v.x0);
          setView(panView(drag.current.view, dx, total));
        }}
        onPointerUp={() => (drag.current = null)}
        onPointerLeave={() => {
          drag.current = null;
          setHover(null);
        }}
      >
        <Layer listening={false}>
          <Rect width={width} height={HEIGHT} fill="#0f1520" />
          {yLabels(lossTop, data.maxLoss, (x) => x.toFixed(2))}
          {yLabels(accTop, 1, (x) => `${Math.round(x * 100)}%`)}
          <Text x={PAD.left + 4} y={lossTop - 14} text="loss" fontSize={11} fill={COLORS.text} />
          <Text x={PAD.left + 4} y={accTop - 14} text="accuracy" fontSize={11} fill={COLORS.text} />
          <Text x={PAD.left} y={HEIGHT - 16} width={plotW} align="center" text={series.length ? `batches ${Math.round(v.x0)}–${Math.round(v.x1)}` : 'Start training to see the curves'} fontSize={10} fill={COLORS.text} />
          {series.epochEnds.filter((x) => x >= v.x0 && x <= v.x1).map((x) => (
            <Line key={x} points={[sx(x), PAD.top, sx(x), HEIGHT - PAD.bottom]} stroke="#334155" dash={[3, 3]} strokeWidth={1} />
          ))}
        </Layer>
        <Layer listening={false} clipX={PAD.left} clipY={0} clipWidth={plotW + 1} clipHeight={HEIGHT}>
          <Line points={pts(data.loss, lossTop, data.maxLoss)} stroke={COLORS.loss} strokeWidth={1.5} lineJoin="round" />
          <Line points={pts(data.acc, accTop, 1)} stroke={COLORS.acc} strokeWidth={1.5} lineJoin="round" />
          <Line points={pts(data.testLoss, lossTop, data.maxLoss)} stroke={COLORS.testLoss} strokeWidth={1.5} />
          <Line points={pts(data.testAcc, accTop, 1)} stroke={COLORS.testAcc} strokeWidth={1.5} />
          {data.testLoss.map((p, i) => (
            <Circle key={`l${i}`} x={sx(p.x)} y={lossTop + half - (p.y / data.maxLoss) * half} radius={3.5} fill={COLORS.testLoss} />
          ))}
          {data.testAcc.map((p, i) => (
            <Circle key={`a${i}`} x={sx(p.x)} y={accTop + half - p.y * half} radius={3.5} fill={COLORS.testAcc} />
          ))}
        </Layer>
        {hover !== null && data.loss.length > 0 && (
          <Layer listening={false}>
            <Line points={[sx(hover), PAD.top, sx(hover), HEIGHT - PAD.bottom]} stroke="#64748b" strokeWidth={1} />
            <Text x={PAD.left} y={4} width={plotW} align="right" text={readout(hover)} fontSize={11} fill="#e2e8f0" />
          </Layer>
        )}
      </Stage>
    </div>
  );
}
