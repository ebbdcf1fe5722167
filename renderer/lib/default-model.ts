// The bundled default model's text (core/models/default-cnn.json, produced by the training script), or
// undefined when it has not been made yet: the session then starts from an untrained cnn.
const files = import.meta.glob<string>('../../core/models/default-cnn.json', { query: '?raw', import: 'default', eager: true });

export function defaultModelText(): string | undefined {
  return Object.values(files)[0];
}
