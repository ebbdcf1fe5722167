// The compared runs' training curves overlaid in Konva, one colour per run: loss above, accuracy below (smoothed per
// N batches, test accuracy per epoch as dots). Follows the batches through a throttled transient read; exports a PNG.
import type Konva from 'konva';
import { useRef } from 'react';
import { Circle, Group, Layer, Line, Rect, Stage, Text } from 'react-konva';
import { useController } from '../../app/context';
import { smooth } from '../../lib/curves';
import { useStore } from '../../store';
import type { CompareEntry } from '../../store/compare';
import { runOf } from '../../store/select';
import { useThrottledValue, useWidth } from '../maps/hooks';

const HEIGHT = 180;
const PAD = { left: 40, right: 12, top: 18, bottom: 18 };
const INK = { grid: '#263041', text: '#94a3b8' };

interface Plotted {
  entry: CompareEntry;
  batches: number;
  loss: { x: number; y: number }[];
  acc: { x: number; y: number }[];
  testAcc: { x: number; y: number }[];
}

/** Every compared model's series, smoothed so that the longest has about 120 points. */
function plotted(entries: readonly CompareEntry[]): Plotted[] {
  const s = useStore.getState();
  const runs = entries.map((entry) => ({ entry, run: runOf(s, entry.model) }));
  const longest = Math.max(1, ...runs.map((r) => r.run?.series.length ?? 0));
  const n = Math.max(1, Math.round(longest / 120));
  return runs.map(({ entry, run }) => ({
    entry,
    batches: run?.series.length ?? 0,
    loss: run ? smooth(run.series.loss, n) : [],
    acc: run ? smooth(run.series.accuracy, n) : [],
    testAcc: run ? run.epochs.map((e, i) => ({ x: run.series.epochEnds[i] ?? 0, y: e.testAccuracy })) : [],
  }));
}

/** What the curves show, for a screen reader: the runs, their batches and their last test accuracy. */
function curvesLabel(lines: readonly Plotted[]): string {
  if (lines.every((l) => l.batches <= 1)) return 'Training curves: start a comparison to see them';
  const runs = lines.map((l) => {
    const last = l.testAcc.at(-1);
    return `${l.entry.label} (${l.batches} batches${last ? `, test accuracy ${(last.y * 100).toFixed(1)} %` : ''})`;
  });
  return `Training curves, loss above and accuracy below, per batch: ${runs.join(', ')}`;
}

export function CompareCurves({ entries }: { entries: readonly CompareEntry[] }) {
  const controller = useController();
  // the batch series grow in place: this re-renders a few times a second while any run trains, never per batch
  useThrottledValue((s) => s.runs, 250, true);
  const [box, width] = useWidth(520);
  const stage = useRef<Konva.Stage>(null);
  const lines = plotted(entries);
  const total = Math.max(1, ...lines.map((l) => l.batches));
  const maxLoss = Math.max(0.5, ...lines.flatMap((l) => l.loss.map((p) => p.y)));
  const plotW = width - PAD.left - PAD.right;
  const half = (HEIGHT - PAD.top - PAD.bottom) / 2 - 10;
  const lossTop = PAD.top;
  const accTop = PAD.top + half + 20;
  const sx = (x: number) => PAD.left + (x / total) * plotW;
  const sy = (top: number, y: number, max: number) => top + half - (Math.min(y, max) / max) * half;
  const pts = (ps: { x: number; y: number }[], top: number, max: number) => ps.flatMap((p) => [sx(p.x), sy(top, p.y, max)]);

  const exportPng = async () => {
    const url = stage.current?.toDataURL({ pixelRatio: 2 });
    if (!url) return;
    const r = await controller.host.exportPng(url, 'compare-curves.png');
    if (!r.ok && !r.canceled) useStore.getState().showError(`Could not export the PNG: ${r.error}`);
  };

  const yGrid = (top: number, max: number, fmt: (v: number) => string) =>
    [0, 0.5, 1].map((f) => (
      <Group key={f}>
        <Line points={[PAD.left, sy(top, f * max, max), width - PAD.right, sy(top, f * max, max)]} stroke={INK.grid} strokeWidth={1} />
        <Text x={0} y={sy(top, f * max, max) - 6} width={PAD.left - 6} align="right" text={fmt(f * max)} fontSize={10} fill={INK.text} />
      </Group>
    ));

  return (
    <div className="compare-curves" ref={box} data-testid="compare.curves" data-points={lines.map((l) => `${l.entry.model}:${l.batches}`).join(' ')}>
      <div className="curves-bar">
        <span className="legend">
          {lines.map((l) => (
            <span key={l.entry.model} className="legend-item" data-testid={`compare.legend.${l.entry.model}`} data-points={l.batches} data-label={l.entry.label}>
              <i style={{ background: l.entry.color }} />
              {l.entry.label}
            </span>
          ))}
          {lines.length > 0 && <span className="muted">line: per batch (smoothed) · dot: test accuracy per epoch</span>}
        </span>
        <button className="small" onClick={() => void exportPng()} disabled={total <= 1} data-testid="compare.png">
          PNG
        </button>
      </div>
      {/* the canvas's text alternative: what it plots (the numbers are in the table under it) */}
      <div role="img" aria-label={curvesLabel(lines)} data-testid="compare.curves-canvas">
        <Stage ref={stage} width={width} height={HEIGHT} listening={false}>
          <Layer listening={false}>
            <Rect width={width} height={HEIGHT} fill="#0f1520" />
            {yGrid(lossTop, maxLoss, (v) => v.toFixed(2))}
            {yGrid(accTop, 1, (v) => `${Math.round(v * 100)}%`)}
            <Text x={PAD.left + 4} y={lossTop - 13} text="training loss" fontSize={11} fill={INK.text} />
            <Text x={PAD.left + 4} y={accTop - 13} text="accuracy" fontSize={11} fill={INK.text} />
            <Text x={PAD.left} y={HEIGHT - 14} width={plotW} align="center" text={total > 1 ? `batches 0–${total}` : 'Start a comparison to see the curves'} fontSize={10} fill={INK.text} />
          </Layer>
          <Layer listening={false}>
            {lines.map((l) => (
              <Group key={l.entry.model}>
                <Line points={pts(l.loss, lossTop, maxLoss)} stroke={l.entry.color} strokeWidth={1.5} lineJoin="round" />
                <Line points={pts(l.acc, accTop, 1)} stroke={l.entry.color} strokeWidth={1.5} lineJoin="round" />
                {l.testAcc.map((p, i) => (
                  <Circle key={i} x={sx(p.x)} y={sy(accTop, p.y, 1)} radius={3.5} fill={l.entry.color} stroke="#0f1520" strokeWidth={1} />
                ))}
              </Group>
            ))}
          </Layer>
        </Stage>
      </div>
    </div>
  );
}
