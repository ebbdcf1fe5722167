// Why this prediction? Saliency, Grad-CAM, occlusion, and the image patches a conv channel responds to most
// (docs/explain.md). Pure: runs wherever core runs, through Model's public API (gradients, layerOutputs, infer).
export { type ClassScores } from './common.js';
export { saliency, type Saliency } from './saliency.js';
export { convLayers, gradCam, upsampleBilinear, type GradCam } from './gradcam.js';
export { occlusion, occlusionAsync, occlusionPositions, occlusionSteps, type Occlusion, type OcclusionHooks } from './occlusion.js';
export { MAX_TOP_PATCHES, topPatches, topPatchesAsync, topPatchSteps } from './top-patches.js';
export { runSteps, runStepsAsync, type Steps } from './steps.js';
export type { InferEngine, JobHooks, OcclusionOptions, TopPatch, TopPatches } from './types.js';
