// The options and results of the longer explanations (occlusion.ts, top-patches.ts), which the UI builds against.
import type { Tensor } from '../tensor.js';

/** Occlusion: a size×size square blanked to 0, moved by stride pixels. */
export interface OcclusionOptions {
  /** 4..8 pixels. */
  size: number;
  /** 1..4 pixels. */
  stride: number;
}

/** Progress and cancellation of a long explanation, checked between batches. */
export interface JobHooks {
  onProgress?(done: number, total: number): void;
  /** true: stop before the next batch (the function then returns null). */
  cancelled?(): boolean;
}

/** Runs a batch of inputs forward to logits [N, classes]; a Model is one (Model.infer). */
export interface InferEngine {
  infer(x: Tensor): Tensor;
}

/** One image among those that excite a conv channel the most. */
export interface TopPatch {
  /** The image's index in the data set. */
  index: number;
  label: number;
  /** The channel's largest output over the image (the conv's output, before its ReLU). */
  value: number;
  /** The output position where it was largest. */
  unit: { y: number; x: number };
  /** That unit's receptive field in input pixels, clipped to the image; y1 and x1 exclusive. */
  box: { y0: number; x0: number; y1: number; x1: number };
  /** The box cropped from the image, values 0..1, C·(y1−y0)·(x1−x0). */
  pixels: Float32Array;
}

export interface TopPatches {
  layer: number;
  channel: number;
  /** The receptive field's side in input pixels (unclipped). */
  field: number;
  /** Highest activation first (ties: lowest image index). */
  patches: TopPatch[];
  /** C·field·field: the mean of the patches, each placed at its receptive field's position, parts outside the image 0. */
  average: Float32Array;
  seconds: number;
}
