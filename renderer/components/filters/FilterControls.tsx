// The designer's controls: kernel size, preset, stride, padding (valid / same / a number), ReLU, 2×2 max
// pooling, and which image to run the filter on (the current drawing or a built-in test image).
import { memo, useState } from 'react';
import { MAX_PADDING, MAX_STRIDE } from '../../lib/filters/designer';
import { parsePadding } from '../../lib/filters/edit';
import { FILTER_PRESETS, findPreset, KERNEL_SIZES, type KernelSize, type PresetId } from '../../lib/filters/presets';
import { TEST_IMAGES } from '../../lib/filters/test-images';
import { useStore } from '../../store';
import type { DesignerInput } from '../../store/filters';

function PaddingControl() {
  const padding = useStore((s) => s.designer.padding);
  const mode = typeof padding === 'number' ? 'number' : padding;
  // the number field's text; the store keeps the last valid number, so the field stays open while the text is bad
  const [text, setText] = useState(typeof padding === 'number' ? String(padding) : '1');
  const set = useStore.getState().setDesigner;
  // the message follows its cause: shown only while the number field is open and its text is not a padding
  const parsed = parsePadding(text);
  const error = mode === 'number' && !parsed.ok ? parsed.error : null;
  const commitNumber = (t: string) => {
    setText(t);
    const r = parsePadding(t);
    if (r.ok) set({ padding: r.value });
  };
  return (
    <div className="field">
      <span id="filters-padding-label">Padding</span>
      <select
        value={mode}
        aria-labelledby="filters-padding-label"
        data-testid="filters.padding"
        onChange={(e) => {
          const m = e.target.value;
          // back to numbers: the last text if it was valid, else 1
          if (m === 'number') commitNumber(parsed.ok && typeof parsed.value === 'number' ? text : '1');
          else set({ padding: m as 'valid' | 'same' });
        }}
      >
        <option value="valid">valid (none)</option>
        <option value="same" title="TensorFlow's 'same': pads just enough that out = ⌈W/S⌉ (the size is kept at stride 1 only); an odd extra pad goes bottom/right">
          same (out = ⌈W/S⌉)
        </option>
        <option value="number">number…</option>
      </select>
      {mode === 'number' && (
        <input type="number" min={0} max={MAX_PADDING} step={1} value={text} data-testid="filters.padding-number" aria-label="Padding in pixels" aria-invalid={error !== null} onChange={(e) => commitNumber(e.target.value)} className="narrow" />
      )}
      {error && (
        <span className="field-error" role="alert" data-testid="filters.padding-error">
          {error}
        </span>
      )}
    </div>
  );
}

export const FilterControls = memo(function FilterControls() {
  const d = useStore((s) => s.designer);
  const s = useStore.getState();
  const note = d.preset ? findPreset(d.preset)?.note(d.k) : null;
  return (
    <div className="filter-controls">
      <label className="field">
        <span>Kernel</span>
        <select value={d.k} data-testid="filters.k" onChange={(e) => s.setKernelSize(Number(e.target.value) as KernelSize)}>
          {KERNEL_SIZES.map((k) => (
            <option key={k} value={k}>
              {k}×{k}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>Preset</span>
        <select value={d.preset ?? ''} data-testid="filters.preset" onChange={(e) => e.target.value && s.applyPreset(e.target.value as PresetId)}>
          <option value="">(hand-made)</option>
          {FILTER_PRESETS.map((p) => {
            const ok = p.build(d.k) !== null;
            return (
              <option key={p.id} value={p.id} disabled={!ok} title={ok ? p.description : (p.note(d.k) ?? '')}>
                {p.name}
                {ok ? '' : ` — ${p.note(d.k)}`}
              </option>
            );
          })}
        </select>
      </label>
      <label className="field">
        <span>Stride</span>
        <select value={d.stride} data-testid="filters.stride" onChange={(e) => s.setDesigner({ stride: Number(e.target.value) })}>
          {Array.from({ length: MAX_STRIDE }, (_, i) => i + 1).map((v) => (
            <option key={v} value={v}>
              {v}
            </option>
          ))}
        </select>
      </label>
      <PaddingControl />
      <label className="check">
        <input type="checkbox" checked={d.relu} data-testid="filters.relu" onChange={(e) => s.setDesigner({ relu: e.target.checked })} /> ReLU
      </label>
      <label className="check">
        <input type="checkbox" checked={d.pool} data-testid="filters.pool" onChange={(e) => s.setDesigner({ pool: e.target.checked })} /> Max pool 2×2, stride 2
      </label>
      <label className="field">
        <span>Input</span>
        <select value={d.input} data-testid="filters.input" onChange={(e) => s.setDesigner({ input: e.target.value as DesignerInput })}>
          <option value="drawing">Current drawing / digit</option>
          {TEST_IMAGES.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </select>
      </label>
      {(note || d.preset) && (
        <p className="hint" data-testid="filters.preset-note">
          {d.preset && findPreset(d.preset)?.description} {note && <em>({note})</em>}
        </p>
      )}
    </div>
  );
});
