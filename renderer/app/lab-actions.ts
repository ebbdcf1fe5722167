// The architecture editor's actions that reach beyond the store: saving and opening stack files through the host,
// and putting the edited stack into the current model (Apply) and training it (Train) through the controller.
import type { ModelSpec } from '../../core/spec';
import { parseStack, serializeStack, stackFileName } from '../lib/lab/stack-file';
import { useStore } from '../store';
import type { Controller } from './controller';

/** The file picker's filter for stack files. */
export const STACK_ACCEPT = '.json,application/json';

/** Saves the stack as a spec JSON file (a download in the browser). */
export async function saveStack(c: Controller, spec: ModelSpec): Promise<void> {
  const s = useStore.getState();
  const r = await c.host.exportText(serializeStack(spec), stackFileName(spec));
  if (r.ok) s.showInfo(c.host.kind === 'browser' ? `Stack downloaded as ${r.path}.` : `Stack saved to ${r.path}.`);
  else if (!r.canceled) s.showError(`Could not save the stack: ${r.error}`);
}

/** Lets the user pick a stack file and loads it into the editor (undoable); a bad file is named and changes nothing. */
export async function openStack(c: Controller): Promise<void> {
  const s = useStore.getState();
  const r = await c.host.openText(STACK_ACCEPT);
  if (!r.ok) {
    if (!r.canceled) s.showError(`Could not open the stack file: ${r.error}`);
    return;
  }
  const file = r.path.split(/[\\/]/).pop() ?? r.path;
  try {
    s.editStack({ type: 'load', spec: parseStack(r.text) });
    s.showInfo(`Loaded the stack from ${file}.`);
  } catch (e) {
    s.showError(`Could not load ${file}: ${(e as Error).message}. The stack was kept.`);
  }
}

/** The training form's seed when it is a whole number, else 1. */
function formSeed(): number {
  const seed = Number(useStore.getState().form.seed);
  return Number.isInteger(seed) ? seed : 1;
}

/** Replaces the current model with a fresh one of this stack; resolves whether the session took it. */
export async function applyStack(c: Controller, spec: ModelSpec): Promise<boolean> {
  const model = await c.setSpec(spec, formSeed());
  if (model) useStore.getState().showInfo(`The model is now "${spec.name}" (untrained): the Explore panels show it.`);
  return model !== null;
}

/** Applies the stack, then starts a run with the training form's settings once the session has the new model. */
export async function trainStack(c: Controller, spec: ModelSpec): Promise<boolean> {
  return (await applyStack(c, spec)) && c.training.startFromForm();
}
