// ONNX in and out in the app (docs/onnx.md). Export ONNX…: the current model's saved weights through core's writer,
// saved by the host (a dialog on the desktop, a download in the browser). Import: an .onnx file from Open model… or
// a drop is read by core's importer here, checked against the data set, then loaded by the session's model:load as
// model-file text, like any model file; a bad file is named, explained, and the current model is kept.
import { parseModelFile } from '../../core/model-file';
import { exportOnnx } from '../../core/onnx/export';
import { importOnnxModel } from '../../core/onnx/import';
import { MAX_ONNX_BYTES } from '../../core/onnx/limits';
import { readPicked } from '../host/browser';
import { useStore } from '../store';
import type { Controller } from './controller';
import { ModelsFullError } from './models';

/** The file name to offer: the model's name made safe, with .onnx. */
export function onnxFileName(name: string): string {
  return `${name.replace(/[^\w+.-]+/g, '-') || 'model'}.onnx`;
}

/** Exports the current model as ONNX (its weights as the session holds them now). */
export async function exportCurrentOnnx(c: Controller): Promise<void> {
  const s = useStore.getState();
  try {
    const model = s.current;
    if (model === null) throw new Error('the model is still loading');
    const file = await c.requests.ask({ type: 'model:save', model });
    const { model: built, meta } = parseModelFile(file.text);
    const acc = meta.testAccuracy !== null ? `, test accuracy ${(meta.testAccuracy * 100).toFixed(2)} %` : '';
    const bytes = exportOnnx(built, { docString: `CNN Studio model "${meta.name}": ${meta.epochs} epoch(s)${acc}` });
    const r = await c.host.exportOnnx(bytes, onnxFileName(file.name));
    if (r.ok) useStore.getState().showInfo(`ONNX model ${c.host.kind === 'browser' ? 'downloaded as' : 'saved to'} ${r.path} (opset 13, input [batch,${built.spec.input.join(',')}]).`);
    else if (!r.canceled) useStore.getState().showError(`Could not export ONNX: ${r.error}`);
  } catch (err) {
    useStore.getState().showError(`Could not export ONNX: ${(err as Error).message}`);
  }
}

/**
 * Imports ONNX bytes as a new current model (a trained current model is kept, with Undo: see ModelActions.refill).
 * Returns whether it loaded; every refusal is shown with the file's name and keeps the current model.
 */
export async function importOnnxBytes(c: Controller, bytes: Uint8Array, from: string): Promise<boolean> {
  const s = useStore.getState();
  try {
    if (bytes.length > MAX_ONNX_BYTES) throw new Error(`${bytes.length} bytes is larger than the ${MAX_ONNX_BYTES} an imported model may have`);
    const imported = importOnnxModel(bytes, from);
    const { spec } = imported.model;
    const data = s.data;
    if (data && spec.input.join() !== data.input.join()) {
      throw new Error(`the model takes [${spec.input.join(',')}] images; the loaded data set's are [${data.input.join(',')}] (the importer does not resize; docs/onnx.md)`);
    }
    const notes = imported.notes.length ? ` (${imported.notes.join('; ')})` : '';
    const m = await c.models.refill((id) => ({ type: 'model:load', model: id, text: imported.text }), () => `Imported ${from}${notes}`, spec);
    useStore.getState().markSaved(m.id, m.meta.epochs);
    return true;
  } catch (err) {
    if (err instanceof ModelsFullError) return false;
    useStore.getState().showError(`Could not import ${from}: ${(err as Error).message.replace(`${from}: `, '')}. The current model was kept.`);
    return false;
  }
}

/** A file dropped on the window: an .onnx is imported, a .json is loaded as a model file; anything else is left alone. */
export async function openDroppedFile(c: Controller, file: File): Promise<boolean> {
  const onnx = /\.onnx$/i.test(file.name);
  if (!onnx && !/\.json$/i.test(file.name)) return false;
  const r = await readPicked(file, onnx);
  if (!r.ok) useStore.getState().showError(`Could not open ${file.name}: ${r.canceled ? 'canceled' : r.error}. The current model was kept.`);
  else if ('bytes' in r) await importOnnxBytes(c, r.bytes, file.name);
  else await c.loadModelText(r.text, file.name);
  return true;
}
