// "Why this prediction?": the overlay switch (Off · Saliency · Grad-CAM · Occlusion) under the pad, each one's options
// (the saliency kind, the Grad-CAM layer, the occlusion patch and stride, its progress) and the overlay's legend with
// its numeric range; beside the bars, which class is explained (the prediction, or one picked in the bars).
import { useEffect } from 'react';
import { convLayers } from '../../../core/explain';
import type { ModelId } from '../../../core/protocol';
import type { LayerSpec } from '../../../core/spec';
import { useController } from '../../app/context';
import { noConvNote } from '../../app/explain';
import { fmt } from '../../lib/filters/colors';
import { hasInk } from '../../lib/ink';
import { overlayLegend, overlayScale } from '../../lib/explain/overlay';
import { SALIENCY_LABELS } from '../../lib/explain/maps';
import { useStore } from '../../store';
import { OCCLUSION_SIZES, OCCLUSION_STRIDES, type ExplainMode, type SaliencyKind } from '../../store/explain';
import { modelView } from '../../store/select';
import { useThrottledValue } from '../maps/hooks';
import { shownMap } from './ExplainOverlay';

const MODES: { mode: ExplainMode; label: string; title: string }[] = [
  { mode: 'off', label: 'Off', title: 'No overlay' },
  { mode: 'saliency', label: 'Saliency', title: 'How much each pixel moves the class score (its gradient)' },
  { mode: 'gradcam', label: 'Grad-CAM', title: 'Where a conv layer’s maps count for the class (gradient-weighted maps)' },
  { mode: 'occlusion', label: 'Occlusion', title: 'How much the class probability drops when a patch is blanked (computed by the session)' },
];

/** A Grad-CAM layer choice: "3 · conv 3×3 → 32×14×14". */
function layerChoice(l: LayerSpec, index: number, out: readonly number[]): string {
  const k = l.type === 'conv2d' ? ` ${l.kernel}×${l.kernel}` : '';
  return `${index} · ${l.type === 'conv2d' ? 'conv' : l.type}${k} → ${out.join('×')}`;
}

/** How often the legend's numbers follow a map that changes with every stroke point. */
const LEGEND_MS = 150;

function ExplainLegend() {
  const map = useThrottledValue(shownMap, LEGEND_MS);
  if (!map) return null;
  const scale = overlayScale(map.data, map.signed);
  const { lo, mid, hi, gradient } = overlayLegend(scale);
  return (
    <div className="color-legend explain-legend" data-testid="explain.legend" data-lo={lo} data-hi={hi} data-signed={map.signed}>
      <span className="color-legend-body">
        <span className="color-legend-bar explain-legend-bar" style={{ background: `${gradient}, #000` }} />
        <span className="color-legend-ticks">
          <span>{fmt(lo)}</span>
          <span>{fmt(mid)}</span>
          <span>{fmt(hi)}</span>
        </span>
      </span>
      <span className="color-legend-label explain-legend-label">{map.label}</span>
    </div>
  );
}

function ModeOptions({ model }: { model: ModelId }) {
  const e = useStore((s) => s.explain);
  const set = useStore((s) => s.setExplain);
  const summary = useStore((s) => modelView(s, model)?.summary ?? null);
  const job = useStore((s) => s.occlusionJob);
  if (!summary) return null;
  if (e.mode === 'saliency') {
    return (
      <label className="explain-option">
        Show
        <select value={e.saliency} onChange={(ev) => set({ saliency: ev.target.value as SaliencyKind })} data-testid="explain.saliency-kind">
          {(Object.keys(SALIENCY_LABELS) as SaliencyKind[]).map((k) => (
            <option key={k} value={k}>
              {SALIENCY_LABELS[k]}
            </option>
          ))}
        </select>
      </label>
    );
  }
  if (e.mode === 'gradcam') {
    const layers = convLayers(summary.spec);
    if (layers.length === 0) {
      return (
        <p className="explain-note" role="status" data-testid="explain.cam-none">
          {noConvNote(summary.spec.name)} Saliency and occlusion work on any model.
        </p>
      );
    }
    const layer = e.camLayer !== null && layers.includes(e.camLayer) ? e.camLayer : layers[layers.length - 1];
    return (
      <label className="explain-option">
        Layer
        <select value={layer} onChange={(ev) => set({ camLayer: Number(ev.target.value) })} data-testid="explain.cam-layer">
          {layers.map((l) => (
            <option key={l} value={l}>
              {layerChoice(summary.spec.layers[l], l, summary.infos[l].outShape)}
            </option>
          ))}
        </select>
      </label>
    );
  }
  if (e.mode === 'occlusion') {
    return (
      <>
        <label className="explain-option">
          Patch
          <select value={e.occSize} onChange={(ev) => set({ occSize: Number(ev.target.value) })} data-testid="explain.occ-size">
            {OCCLUSION_SIZES.map((n) => (
              <option key={n} value={n}>
                {n}×{n}
              </option>
            ))}
          </select>
        </label>
        <label className="explain-option">
          Stride
          <select value={e.occStride} onChange={(ev) => set({ occStride: Number(ev.target.value) })} data-testid="explain.occ-stride">
            {OCCLUSION_STRIDES.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        {job && (
          <span className="explain-progress" role="status" data-testid="explain.progress" data-done={job.done} data-total={job.total}>
            <progress max={Math.max(1, job.total)} value={job.done} aria-label="Occlusion progress" />
            {job.total > 0 ? `${job.done}/${job.total}` : 'starting…'}
          </span>
        )}
      </>
    );
  }
  return null;
}

/** Which class is explained, and the way back to the prediction (beside the bars, where another one is picked). */
export function ExplainClass() {
  const controller = useController();
  const mode = useStore((s) => s.explain.mode);
  const chosen = useStore((s) => s.explain.cls);
  const mapCls = useStore((s) => shownMap(s)?.cls ?? null);
  const note = useStore((s) => s.explainNote);
  const ink = useStore((s) => hasInk(s.input));
  if (mode === 'off') return null;
  // (a model without conv layers: the options say so, there is no class to speak of)
  if (note?.startsWith('Grad-CAM needs')) return null;
  if (!ink) return <p className="hint explain-quiet">Draw a digit (or load a test digit) to see why it is read as it is.</p>;
  if (note) {
    return (
      <p className="explain-note" role="status" data-testid="explain.note">
        {note}
      </p>
    );
  }
  const cls = chosen ?? mapCls;
  return (
    <div className="explain-class" data-testid="explain.class" data-cls={cls ?? ''} data-chosen={chosen !== null}>
      <span>
        Explaining <strong>{cls ?? '…'}</strong> {chosen === null ? '(the prediction)' : '(chosen)'}
        <span className="muted"> · click a bar for another class</span>
      </span>
      {chosen !== null && (
        <button className="small" onClick={() => controller.explain.chooseClass(null)} data-testid="explain.predicted">
          Back to the prediction
        </button>
      )}
    </div>
  );
}

/** The overlay switch, its options and its legend (under the pad). */
export function ExplainControls({ model }: { model: ModelId }) {
  const mode = useStore((s) => s.explain.mode);
  const set = useStore((s) => s.setExplain);
  // the explanations are computed only while they can be seen (not while the Lab is open)
  useEffect(() => {
    useStore.getState().setExplainShown(true);
    return () => useStore.getState().setExplainShown(false);
  }, []);
  return (
    <div className="explain" data-testid="explain.panel" data-mode={mode}>
      <fieldset className="segmented" data-testid="explain.mode">
        <legend className="segmented-title">Why this prediction?</legend>
        <span className="segmented-body">
          {MODES.map((m) => (
            <label key={m.mode} className={mode === m.mode ? 'seg on' : 'seg'} title={m.title}>
              <input type="radio" name="explain-mode" value={m.mode} checked={mode === m.mode} onChange={() => set({ mode: m.mode })} data-testid={`explain.mode.${m.mode}`} />
              {m.label}
            </label>
          ))}
        </span>
      </fieldset>
      {mode !== 'off' && (
        <div className="explain-row">
          <ModeOptions model={model} />
        </div>
      )}
      <ExplainLegend />
    </div>
  );
}
