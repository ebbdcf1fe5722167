// The trained models that ship with the app (core/models/default-*.json, made by `npm run train:default`), as
// model-file text by architecture name: the Lab loads the mlp beside the cnn without training either.
import type { ModelMeta } from '../../core/model-file';
import type { ModelSpec } from '../../core/spec';

const files = import.meta.glob<string>('../../core/models/*.json', { query: '?raw', import: 'default', eager: true });

export interface ShippedModel {
  name: string;
  spec: ModelSpec;
  text: string;
  testAccuracy: number | null;
}

/** The shipped model of that architecture (e.g. 'mlp', 'cnn'), or null when it has not been made. */
export function shippedModel(name: string): ShippedModel | null {
  const text = Object.entries(files).find(([path]) => path.endsWith(`/default-${name}.json`))?.[1];
  if (text === undefined) return null;
  // (the session checks the whole file when it loads it; only its spec and accuracy are read here)
  const { spec, meta } = JSON.parse(text) as { spec: ModelSpec; meta: ModelMeta };
  return { name, spec, text, testAccuracy: meta.testAccuracy };
}
