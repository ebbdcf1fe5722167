// The feature-maps panel: for the current input, every layer's outputs (maps, bars, probabilities) and the
// conv layers' learned filters, live during training; click a map to enlarge it; export a map or the panel.
import { useMemo, useState } from 'react';
import type { ModelId } from '../../../core/protocol';
import type { LayerSpec } from '../../../core/spec';
import { useController } from '../../app/context';
import { hasInk } from '../../lib/ink';
import { activationsOf } from '../../lib/model-fields';
import { useStore } from '../../store';
import { modelView } from '../../store/select';
import '../filters/filters.css';
import { composePanel } from './export-panel';
import { useWidth } from './hooks';
import { isDiverging, LayerSection } from './LayerSection';
import { MapZoom, type PoolGeom } from './MapZoom';
import { StageRegistry, StageRegistryContext } from './registry';

function poolGeom(l: LayerSpec): PoolGeom | null {
  return l.type === 'maxpool2d' ? { size: l.size, stride: l.stride ?? l.size } : null;
}

export function FeatureMaps({ model: id }: { model: ModelId }) {
  const controller = useController();
  const model = useStore((s) => modelView(s, id)?.summary ?? null);
  const hasActivations = useStore((s) => activationsOf(s, id) !== null);
  const mode = useStore((s) => s.mapScale);
  const ink = useStore((s) => hasInk(s.input));
  const registry = useMemo(() => new StageRegistry(), []);
  const [box, boxWidth] = useWidth();
  const width = boxWidth - 20;
  const [zoom, setZoom] = useState<{ layer: number; channel: number } | null>(null);

  if (!model) {
    return (
      <div className="feature-maps" ref={box} data-testid="maps.panel" data-layers={0}>
        <p className="hint">Loading the model…</p>
      </div>
    );
  }
  const { infos, spec } = model;
  const z = zoom && infos[zoom.layer] && zoom.channel < (infos[zoom.layer].outShape[0] ?? 0) ? zoom : null;

  const exportPanel = async () => {
    const sections = infos.flatMap((info) =>
      ['maps', 'filters', 'dense', 'probs'].map((kind) => ({
        key: `${kind}-${info.index}`,
        title: `${info.index} ${info.type} ${kind === 'filters' ? 'learned filters' : kind === 'probs' ? 'softmax' : `→ [${info.outShape.join('×')}]`}`,
      })),
    );
    registry.prepare();
    const url = composePanel(registry, sections);
    if (!url) return useStore.getState().showError('Nothing to export yet: draw a digit first.');
    const r = await controller.host.exportPng(url, `feature-maps-${spec.name}.png`);
    if (!r.ok && !r.canceled) useStore.getState().showError(`Could not export the panel: ${r.error}`);
  };

  return (
    <StageRegistryContext.Provider value={registry}>
      <div className="feature-maps" ref={box} data-testid="maps.panel" data-layers={infos.length}>
        <div className="maps-toolbar">
          <label className="check">
            <input type="radio" checked={mode === 'per-map'} onChange={() => useStore.getState().setMapScale('per-map')} data-testid="maps.scale-per-map" /> each map its own scale
          </label>
          <label className="check">
            <input type="radio" checked={mode === 'shared'} onChange={() => useStore.getState().setMapScale('shared')} data-testid="maps.scale-shared" /> one scale per layer
          </label>
          <span className="spacer" style={{ flex: 1 }} />
          <button onClick={() => void exportPanel()} data-testid="maps.export">
            Export panel PNG
          </button>
        </div>
        {!hasActivations && <p className="hint">Waiting for the model's weights…</p>}
        {hasActivations && !ink && (
          <p className="maps-empty" data-testid="maps.no-ink">
            No ink yet: draw a digit (or load a test digit) to see what each layer makes of it. Until then the maps are empty.
          </p>
        )}
        <p className="hint">
          Input [{spec.input.join('×')}] · {model.paramCount.toLocaleString('en-US')} parameters · blue negative, white 0, red positive; black→white for values ≥ 0.
        </p>
        {infos.map((info, i) => (
          <LayerSection model={id} key={`${spec.name}-${i}-${info.outShape.join('x')}`} info={info} spec={spec.layers[i]} width={Math.max(200, width)} last={i === infos.length - 1} onOpen={(layer, channel) => setZoom({ layer, channel })} />
        ))}
        {z && (
          <MapZoom
            model={id}
            info={infos[z.layer]}
            spec={spec.layers[z.layer]}
            prevInfo={z.layer > 0 ? infos[z.layer - 1] : null}
            pool={poolGeom(spec.layers[z.layer])}
            channel={z.channel}
            diverging={isDiverging(spec.layers[z.layer])}
            onClose={() => setZoom(null)}
          />
        )}
      </div>
    </StageRegistryContext.Provider>
  );
}
