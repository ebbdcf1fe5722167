// "What this filter looks for", beside a conv channel's enlarged map: the filter's weights, and — asked of the session
// (explain:top-patches, with progress and cancel) — the test images that excite the channel most: each image's patch
// the unit sees (its receptive field), upscaled, with its label and the channel's value, and the patches' average.
// Clicking a patch shows its whole test image with the box drawn. Says so when the weights moved on since.
import { useEffect, useMemo, useState } from 'react';
import type { ModelId } from '../../../core/protocol';
import { useController } from '../../app/context';
import { TOP_PATCHES } from '../../app/explain';
import { fmt, rangeOf, scaleFor, type ColorScale } from '../../lib/filters/colors';
import { weightsOf } from '../../lib/model-fields';
import { useStore } from '../../store';
import { patchesKey, stepsOf, type TopPatchesResult } from '../../store/explain';
import { ColorLegend } from './ColorLegend';
import { ValuesImage } from './ValuesImage';

const GRAY: ColorScale = { kind: 'gray', min: 0, max: 1 };
/** Screen size of a patch (its longer side, px) and of a test image. */
const PATCH_PX = 60;
const IMAGE_PX = 112;

type Patch = TopPatchesResult['patches'][number];

/** The filter's kernels for `channel` of conv layer `layer`: C kernels of K×K, side by side, on one diverging scale. */
function FilterWeights({ model, layer, channel }: { model: ModelId; layer: number; channel: number }) {
  const wt = useStore((s) => weightsOf(s, model)?.find((w) => w.name === `${layer}.weight`) ?? null);
  const bias = useStore((s) => weightsOf(s, model)?.find((w) => w.name === `${layer}.bias`)?.data[channel] ?? null);
  const kernels = useMemo(() => {
    if (!wt || wt.shape.length !== 4) return null;
    const [, c, k] = wt.shape;
    const per = c * k * k;
    const data = wt.data.slice(channel * per, (channel + 1) * per);
    return { c, k, data, scale: scaleFor(rangeOf(data), true) };
  }, [wt, channel]);
  if (!kernels) return null;
  const { c, k, data, scale } = kernels;
  const px = Math.max(3, Math.min(12, Math.floor(96 / k)));
  const shown = Math.min(c, 16);
  // the kernels on one row of the view's width (330 px, 3 px apart)
  const kernelPx = Math.max(2, Math.min(px, Math.floor((330 - 3 * (shown - 1)) / (shown * k))));
  return (
    <figure className="looks-for-figure" data-testid="maps.looks-for.weights" data-kernel={k} data-channels={c}>
      <div className="looks-for-kernels">
        {Array.from({ length: shown }, (_, ci) => (
          <ValuesImage key={ci} values={data} offset={ci * k * k} w={k} h={k} scale={scale} px={kernelPx} />
        ))}
      </div>
      <figcaption>
        weights {c > 1 ? `${c}×` : ''}
        {k}×{k}
        {c > shown ? ` (first ${shown} input channels)` : ''}
        {bias !== null ? `, bias ${fmt(bias)}` : ''}
      </figcaption>
      <ColorLegend scale={scale} />
    </figure>
  );
}

/** The whole test image a patch came from, with the patch's box drawn. */
function PatchSource({ patch, onClose }: { patch: Patch; onClose: () => void }) {
  const controller = useController();
  const [image, setImage] = useState<{ pixels: Float32Array; label: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const shape = useStore((s) => s.data?.input ?? null);
  useEffect(() => {
    let live = true;
    setImage(null);
    controller.explain.testImage(patch.index).then(
      (img) => live && setImage(img),
      (err: Error) => live && setError(err.message),
    );
    return () => {
      live = false;
    };
  }, [controller, patch.index]);
  const [, h, w] = shape ?? [1, 28, 28];
  const px = IMAGE_PX / w;
  const b = patch.box;
  return (
    <div className="looks-for-source" data-testid="maps.looks-for.source" data-index={patch.index}>
      <div className="looks-for-image" style={{ width: IMAGE_PX, height: (IMAGE_PX * h) / w }}>
        {image && <ValuesImage values={image.pixels} w={w} h={h} scale={GRAY} px={px} label={`Test image #${patch.index}, label ${image.label}`} />}
        <div className="looks-for-box" style={{ left: b.x0 * px, top: b.y0 * px, width: (b.x1 - b.x0) * px, height: (b.y1 - b.y0) * px }} />
      </div>
      <div className="looks-for-source-text">
        <span>
          Test #{patch.index}, label <strong>{patch.label}</strong>
        </span>
        <span>
          unit ({patch.unit.y}, {patch.unit.x}) = {fmt(patch.value)}
        </span>
        <span className="muted">
          box rows {b.y0}–{b.y1 - 1}, columns {b.x0}–{b.x1 - 1}
        </span>
        {error && <span className="explain-note">{error}</span>}
        <button className="small" onClick={onClose} data-testid="maps.looks-for.source-close">
          Back to the patches
        </button>
      </div>
    </div>
  );
}

function Patches({ result }: { result: TopPatchesResult }) {
  const [open, setOpen] = useState<number | null>(null);
  const c = result.patches[0] ? result.patches[0].pixels.length / ((result.patches[0].box.y1 - result.patches[0].box.y0) * (result.patches[0].box.x1 - result.patches[0].box.x0)) : 1;
  const avgPx = Math.max(2, Math.floor(PATCH_PX / result.field));
  if (open !== null && result.patches[open]) return <PatchSource patch={result.patches[open]} onClose={() => setOpen(null)} />;
  return (
    <>
      <ol className="looks-for-patches" data-testid="maps.looks-for.patches" data-count={result.patches.length}>
        {result.patches.map((p, i) => {
          const ph = p.box.y1 - p.box.y0;
          const pw = p.box.x1 - p.box.x0;
          const px = PATCH_PX / Math.max(ph, pw, 1);
          return (
            <li key={`${p.index}-${i}`}>
              <button className="looks-for-patch" onClick={() => setOpen(i)} title="Show the whole test image" data-testid={`maps.looks-for.patch.${i}`} data-label={p.label} data-value={p.value}>
                <span className="looks-for-patch-img" style={{ width: PATCH_PX, height: PATCH_PX }}>
                  <ValuesImage values={p.pixels} w={pw} h={ph} scale={GRAY} px={px} />
                </span>
                <span className="looks-for-patch-text">
                  <span className="sr-only">Patch {i + 1}, test image #{p.index}, label </span>
                  <strong>{p.label}</strong> · {fmt(p.value)}
                  <span className="sr-only">: show the whole image</span>
                </span>
              </button>
            </li>
          );
        })}
      </ol>
      <figure className="looks-for-figure" data-testid="maps.looks-for.average">
        <ValuesImage values={result.average} w={result.field} h={result.field} scale={scaleFor(rangeOf(result.average, 0, result.field * result.field))} px={avgPx} label={`Average of the ${result.patches.length} patches`} />
        <figcaption>
          average of the {result.patches.length} ({result.field}×{result.field} field{c > 1 ? `, channel 0 of ${c}` : ''})
        </figcaption>
      </figure>
    </>
  );
}

export function FilterLooksFor({ model, layer, channel }: { model: ModelId; layer: number; channel: number }) {
  const controller = useController();
  const key = patchesKey(model, layer, channel);
  const entry = useStore((s) => s.topPatches[key] ?? null);
  const steps = useStore((s) => stepsOf(s, model));
  const ready = useStore((s) => s.ready);
  const result = entry?.result ?? null;
  const running = entry?.status === 'running';
  const behind = result ? steps - result.steps : 0;
  // a search still running when the view closes is cancelled (the earlier result stays)
  useEffect(() => () => controller.explain.cancelTopPatches(key), [controller, key]);
  const find = () => controller.explain.findTopPatches(model, layer, channel);
  return (
    <section className="looks-for" aria-labelledby="looks-for-title" data-testid="maps.looks-for" data-status={entry?.status ?? 'none'} data-steps={result?.steps ?? ''}>
      <h3 id="looks-for-title">What this filter looks for</h3>
      <FilterWeights model={model} layer={layer} channel={channel} />
      <p className="hint">The {TOP_PATCHES} test images where this channel responds most; each patch is the part of the image its strongest unit sees.</p>
      <div className="looks-for-actions">
        {!running && (
          <button className={result ? 'small' : 'primary'} onClick={find} disabled={!ready} data-testid="maps.looks-for.find">
            {result ? 'Recompute' : `Find the top ${TOP_PATCHES} test patches`}
          </button>
        )}
        {running && (
          <span className="explain-progress" role="status" data-testid="maps.looks-for.progress" data-done={entry.done} data-total={entry.total}>
            <progress max={Math.max(1, entry.total)} value={entry.done} aria-label="Searching the test images" />
            {entry.total > 0 ? `${entry.done}/${entry.total} images` : 'starting…'}
            <button className="small" onClick={() => controller.explain.cancelTopPatches(key)} data-testid="maps.looks-for.cancel">
              Cancel
            </button>
          </span>
        )}
        {result && !running && <span className="muted small">{result.seconds.toFixed(1)} s over the test set</span>}
      </div>
      {entry?.status === 'error' && <p className="explain-note">Could not find the patches: {entry.error}</p>}
      {result && behind !== 0 && (
        <p className="explain-note" data-testid="maps.looks-for.stale">
          {behind > 0 ? `Computed for older weights (${behind} training step${behind === 1 ? '' : 's'} ago)` : 'Computed for weights that have been replaced since'} —{' '}
          <button className="link" onClick={find} disabled={running} data-testid="maps.looks-for.recompute">
            Recompute
          </button>
        </p>
      )}
      {result && <Patches result={result} />}
    </section>
  );
}
