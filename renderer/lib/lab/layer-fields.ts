// The fields the architecture editor edits for each layer type (read from core's registry `keys`) and the check of
// one field's text, in the training form's style: a value, or a message naming the field and what is allowed.
import { layerDef } from '../../../core/layers/registry';
import type { LayerSpec, LayerType, Padding } from '../../../core/spec';

/** The layer fields the editor edits (every numeric field a layer kind has). */
export type FieldKey = 'filters' | 'kernel' | 'stride' | 'padding' | 'size' | 'units';
/** A field's value: undefined leaves an optional field at its default. */
export type FieldValue = number | Padding | undefined;

interface FieldDef {
  label: string;
  min: number;
  max: number;
  /** May be left empty: the layer then uses its default (`hint` says which). */
  optional?: boolean;
  hint?: string;
}

/** Each editable field with its range; core's inferShapes still checks how the fields fit the input. */
export const FIELDS: Record<FieldKey, FieldDef> = {
  filters: { label: 'Filters', min: 1, max: 1024 },
  kernel: { label: 'Kernel', min: 1, max: 64 },
  stride: { label: 'Stride', min: 1, max: 32, optional: true, hint: 'empty: 1 (pool: its size)' },
  padding: { label: 'Padding', min: 0, max: 32, optional: true, hint: "'valid', 'same' or a width" },
  size: { label: 'Size', min: 1, max: 64 },
  units: { label: 'Units', min: 1, max: 100_000 },
};

const EDITABLE = Object.keys(FIELDS) as FieldKey[];

/** The fields a layer of this type has that the editor edits, in the registry's order. */
export function editableFields(type: LayerType): FieldKey[] {
  return layerDef(type).keys.filter((k): k is FieldKey => EDITABLE.includes(k as FieldKey));
}

/** A field's value in a layer (undefined when it is left at its default). */
export function fieldValue(layer: LayerSpec, key: FieldKey): FieldValue {
  return (layer as unknown as Record<string, FieldValue>)[key];
}

/** What an optional field left empty means for this layer (its input's placeholder): stride 1 or the pool size, 'valid'. */
export function fieldDefault(layer: LayerSpec, key: FieldKey): string | undefined {
  if (key === 'padding') return 'valid';
  if (key === 'stride') return layer.type === 'maxpool2d' || layer.type === 'avgpool2d' ? String(layer.size) : '1';
  return undefined;
}

/** The text a field's input shows for a value. */
export function fieldText(value: FieldValue): string {
  return value === undefined ? '' : String(value);
}

/** One field's text → its value (undefined: the default), or a message saying what is wrong and what is allowed. */
export function checkLayerField(key: FieldKey, text: string): { value: FieldValue } | { error: string } {
  const f = FIELDS[key];
  const t = text.trim();
  if (t === '') return f.optional ? { value: undefined } : { error: `${f.label} is required` };
  if (key === 'padding' && (t === 'valid' || t === 'same')) return { value: t };
  const v = Number(t);
  const what = key === 'padding' ? `'valid', 'same' or a whole number from ${f.min} to ${f.max}` : `a whole number from ${f.min} to ${f.max}`;
  if (!Number.isInteger(v) || v < f.min || v > f.max) return { error: `${f.label} must be ${what}, got "${t}"` };
  return { value: v };
}

/** A new layer of a type with the editor's defaults (conv 8×3×3 same, pool 2, dense 10). */
export function defaultLayer(type: LayerType): LayerSpec {
  switch (type) {
    case 'conv2d':
      return { type, filters: 8, kernel: 3, padding: 'same' };
    case 'maxpool2d':
    case 'avgpool2d':
      return { type, size: 2 };
    case 'dense':
      return { type, units: 10 };
    case 'relu':
    case 'flatten':
      return { type };
  }
}
