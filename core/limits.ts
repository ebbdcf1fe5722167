// Every documented limit in one place (table in docs/core.md): what a run may do before it counts as diverged. Each
// is checked where the value comes in, before anything is allocated or trained, and the message names field and limit.

export const LIMITS = {
  /**
   * A mean batch loss above this means the run diverged (the right class scored 100 logits behind the best, on
   * average; chance is ln k, 2.3 for ten classes): the trainer pauses and keeps the weights from before the step.
   */
  loss: 100,
  /**
   * The largest value any layer may be able to output for inputs in [0, 1] (Model.outputBound); float32 ends at 3.4e38,
   * so weights within it can never overflow to Infinity or NaN in a forward pass.
   */
  outputBound: 1e38,
} as const;
