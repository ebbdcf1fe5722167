// Explanations as one H×W plane to paint over the input: the saliency kinds reduced over the input's channels, and the
// keys that say what a map (or an occlusion request) was made for, so one made for another input is never shown.
import type { ModelId } from '../../../core/protocol';
import type { ExplainSettings, SaliencyKind } from '../../store/explain';

/**
 * The saliency plane of one kind from core's C·H·W gradient and gradient × input: the signed gradient and gradient ×
 * input summed over the channels (both signs), |gradient| the largest over them (≥ 0).
 */
export function saliencyPlane(gradient: ArrayLike<number>, gradTimesInput: ArrayLike<number>, kind: SaliencyKind, c: number, h: number, w: number): { data: Float32Array; signed: boolean } {
  const plane = h * w;
  if (gradient.length !== c * plane || gradTimesInput.length !== c * plane) throw new Error(`saliencyPlane: expected ${c}·${h}·${w} values, got ${gradient.length} and ${gradTimesInput.length}`);
  const out = new Float32Array(plane);
  const src = kind === 'grad-x-input' ? gradTimesInput : gradient;
  for (let ch = 0; ch < c; ch++) {
    for (let i = 0; i < plane; i++) {
      const v = src[ch * plane + i];
      if (kind === 'abs') out[i] = Math.max(out[i], Math.abs(v));
      else out[i] += v;
    }
  }
  return { data: out, signed: kind !== 'abs' };
}

/** What the saliency kinds show, for the options and the legend. */
export const SALIENCY_LABELS: Record<SaliencyKind, string> = {
  signed: 'signed gradient',
  abs: '|gradient|',
  'grad-x-input': 'gradient × input',
};

/**
 * The key of what an explanation is made for: the mode and its options, the model, the input version and the class
 * asked for (-1: the prediction). Two maps with the same key explain the same thing.
 */
export function explainKey(e: ExplainSettings, model: ModelId, inputVersion: number): string {
  const cls = e.cls ?? -1;
  switch (e.mode) {
    case 'saliency':
      return `saliency:${e.saliency}:${model}:${inputVersion}:${cls}`;
    case 'gradcam':
      return `gradcam:${e.camLayer ?? 'last'}:${model}:${inputVersion}:${cls}`;
    case 'occlusion':
      return `occlusion:${e.occSize}:${e.occStride}:${model}:${inputVersion}:${cls}`;
    default:
      return 'off';
  }
}
