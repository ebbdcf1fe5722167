// Every documented limit in one place (the table is in docs/core.md): sizes checked where a value comes in — a spec,
// a model file, a protocol message, an IDX file — before anything is allocated, so a refusal takes milliseconds and
// names the field and the limit; and what a training run may do before it counts as diverged.

export const LIMITS = {
  // ---- model specs (inferShapes; the editor, model:create / set-spec and model files) ----
  /** Layers in one spec. */
  layers: 64,
  /** Input channels; MNIST has 1, colour images 3. */
  inputChannels: 16,
  /** Input height and width, in pixels (MNIST: 28). */
  inputSide: 512,
  /** A conv layer's filters (its output channels). */
  filters: 1024,
  /** A conv kernel's side; a pooling window's side. */
  kernel: 32,
  /** A conv or pooling stride. */
  stride: 32,
  /** Explicit conv padding, on each side. */
  padding: 32,
  /** A dense layer's units. */
  units: 16_384,
  /** A spec's or a model's name, in characters. */
  nameChars: 200,

  // ---- model files (parseModelFile) ----
  /** Characters of model-file text: 128 Mi, above the 107 M a model at the parameter budget (20 M) needs. */
  modelFileChars: 2 ** 27,
  /** How deep objects and arrays may nest in a model file (the format needs 5): checked before JSON.parse. */
  jsonDepth: 16,
  /** meta.notes, in characters. */
  notesChars: 65_536,

  // ---- protocol messages (parseCommand) ----
  /** Model and run ids ("m1", "r1"), in characters. */
  idChars: 64,
  /** Any other string field that has no limit of its own, in characters. */
  stringChars: 4096,
  /** data:test-images: indices per request. */
  testImages: 10_000,
  /** model:set-filter: weights of one filter, C·K·K (filters × kernel² at most). */
  filterWeights: 1024 * 32 * 32,
  /** Any other list of numbers: the values of the largest input image (inputChannels × inputSide²). */
  numbers: 16 * 512 * 512,
  /** |value| of a weight or bias a user types in (model:set-filter). */
  weight: 1e6,

  // ---- data sets (core/data: IDX files, class folders) ----
  /** Bytes of one IDX file once unpacked (a .gz is refused from its declared size, and stopped once past it). */
  idxBytes: 2 ** 28,
  /** Images in one data set, training and test together (MNIST and Fashion-MNIST have 70 000; a run trains on 60 000 at most). */
  datasetImages: 80_000,
  /** Files listed in a class folder, images or not (checked before any is read). */
  folderFiles: 80_000,
  /** Bytes of one image file in a class folder. */
  imageFileBytes: 16 * 2 ** 20,
  /** An image's width or height in pixels, before it is resized to the data set's size. */
  imageSide: 4096,
  /** Classes in one data set (labels are bytes; the confusion matrix is classes × classes). */
  classes: 100,
  /** A class name, in characters. */
  classNameChars: 64,
  /** Bytes of all the files of one data set the user picks, read before core looks at them. */
  pickedBytes: 2 ** 29,

  // ---- training (Trainer) ----
  /**
   * A mean batch loss above this means the run diverged (the right class scored 100 logits behind the best, on
   * average; chance is ln k, 2.3 for ten classes): the trainer pauses and keeps the weights from before the step.
   */
  loss: 100,
  /**
   * The largest value any layer may be able to output for inputs in [0, 1] (Model.outputBound); float32 ends at 3.4e38,
   * so weights within it never overflow a forward pass to Infinity or NaN. Model files and set-filter are held to it.
   */
  outputBound: 1e38,
} as const;
