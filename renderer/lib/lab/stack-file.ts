// A stack as a file: the same JSON as a preset ModelSpec ({name, input, layers}), which the command-line trainer
// also reads (`npm run train -- --arch my-net.json`). Parsing says what is wrong and where, and returns nothing
// half-read: a bad file changes nothing.
import { layerDef } from '../../../core/layers/registry';
import { LAYER_TYPES, type LayerSpec, type LayerType, type ModelSpec } from '../../../core/spec';
import { checkLayerField, editableFields, fieldText } from './layer-fields';

/** The file's text: the spec as indented JSON. */
export function serializeStack(spec: ModelSpec): string {
  return `${JSON.stringify({ name: spec.name, input: spec.input, layers: spec.layers }, null, 2)}\n`;
}

/** A file name for a stack: its name made safe, ending in .json. */
export function stackFileName(spec: ModelSpec): string {
  return `${spec.name.replace(/[^\w+.-]+/g, '-') || 'stack'}.json`;
}

function parseLayer(raw: unknown, i: number): LayerSpec {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error(`layers[${i}]: expected an object like {"type": "relu"}`);
  const type = (raw as { type?: unknown }).type;
  if (!LAYER_TYPES.includes(type as LayerType)) throw new Error(`layers[${i}]: unknown type ${JSON.stringify(type)}; expected one of ${LAYER_TYPES.join(', ')}`);
  const where = `layers[${i}] (${String(type)})`;
  const keys = layerDef(type as LayerType).keys;
  for (const key of Object.keys(raw)) if (!keys.includes(key)) throw new Error(`${where}: unknown field "${key}"`);
  const record = raw as Record<string, unknown>;
  for (const key of editableFields(type as LayerType)) {
    const value = record[key];
    const keyword = key === 'padding' && (value === 'valid' || value === 'same');
    if (value !== undefined && typeof value !== 'number' && !keyword) throw new Error(`${where}: ${key} must be ${key === 'padding' ? "'valid', 'same' or a number" : 'a number'}, got ${JSON.stringify(value)}`);
    const r = checkLayerField(key, fieldText(value as number | undefined));
    if ('error' in r) throw new Error(`${where}: ${r.error}`);
  }
  return JSON.parse(JSON.stringify(raw)) as LayerSpec;
}

/**
 * Reads a stack file; throws an Error saying what is wrong and where (`layers[3] (conv2d): Kernel must be …`). Shapes
 * are not checked here: a stack whose layers do not fit loads, and the editor marks the row.
 */
export function parseStack(text: string): ModelSpec {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new Error(`not valid JSON (${(e as Error).message})`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error('expected an object {"name", "input", "layers"}');
  const { name, input, layers } = raw as Record<string, unknown>;
  if (name !== undefined && typeof name !== 'string') throw new Error(`name must be a string, got ${JSON.stringify(name)}`);
  if (!Array.isArray(input) || input.length !== 3 || !input.every((v) => Number.isInteger(v) && v > 0)) {
    throw new Error(`input must be [channels, height, width] of positive whole numbers, got ${JSON.stringify(input)}`);
  }
  if (!Array.isArray(layers)) throw new Error(`layers must be a list, got ${JSON.stringify(layers)}`);
  return { name: name || 'custom', input: input as [number, number, number], layers: layers.map(parseLayer) };
}
