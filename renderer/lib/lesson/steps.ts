// The lesson "CNNs — convolution for images" as the studio teaches it: its sections in order, each with a short text,
// the one-click action that puts the studio into the state that shows its point, and what the student learns by
// doing it. Pure data; the actions are app/lesson.ts's, and whether a step was done is read from the app's state.

export const STEP_IDS = ['flatten', 'convolution', 'stride', 'pooling', 'stack', 'mlp-cnn', 'checkpoint'] as const;
export type StepId = (typeof STEP_IDS)[number];

export interface LessonStep {
  id: StepId;
  title: string;
  /** Short paragraphs in the studio's words. */
  text: string[];
  /** The action button's label. */
  action: string;
  /** What the action shows, said after it ran (where to look). */
  look: string;
  /** The panel (its test id) that shows it: brought into view after the action when it is not wholly on screen. */
  target: string | null;
  /** The "What you will learn" line, ticked once the student has done the action. */
  learn: string;
  /** A part of the step the studio does not show yet, said plainly. */
  notBuilt?: string;
}

export const STEPS: readonly LessonStep[] = [
  {
    id: 'flatten',
    target: 'panel.lab.editor',
    title: 'Why not just flatten the pixels?',
    text: [
      'A 28×28 digit is 784 numbers. Lay them out in one row and a dense layer can read them: every unit gets its own weight for every pixel.',
      'That is a lot of weights, and each belongs to one pixel position: a stroke learned at the top left means nothing to the weights at the bottom right. Move the digit by a few pixels and the dense layer sees a new pattern.',
    ],
    action: 'Show the MLP in the architecture editor',
    look: 'The Lab’s editor shows the mlp: flatten, then a dense layer of 128 units. Read its parameters column.',
    learn: 'A dense layer on raw pixels needs a weight per pixel per unit, tied to one position',
  },
  {
    id: 'convolution',
    target: 'panel.filters',
    title: 'The convolution layer',
    text: [
      'A convolution slides a small K×K filter over the image. At each position it multiplies the filter with the patch under it, element by element, and adds the products and a bias: one number of the feature map.',
      'The same filter is used at every position. A Sobel filter, for example, answers strongly wherever the brightness changes from left to right: a vertical edge.',
      'Enlarge a conv map in Feature maps to watch a layer’s own filter slide.',
    ],
    action: 'Slide a Sobel filter over the drawing',
    look: 'The filter designer plays the sliding filter: watch the window, the products under it, and the cell of the map it fills.',
    learn: 'A convolution is the dot product of a filter and each patch, with the same weights everywhere',
  },
  {
    id: 'stride',
    target: 'panel.filters',
    title: 'Stride and padding',
    text: [
      'The stride is how far the window moves between positions: with stride 2 it skips every other position, and the map is about half as wide.',
      'Padding adds a border of zeros so that the window can stand on the edge pixels; ‘same’ pads just enough that the output is ⌈W/S⌉ wide. The output size is floor((W − K + 2P)/S) + 1.',
    ],
    action: 'Set the stride to 2',
    look: 'The designer’s formula line and its maps change: compare the sizes below.',
    learn: 'The output size floor((W − K + 2P)/S) + 1, and what stride and padding do to it',
  },
  {
    id: 'pooling',
    target: 'panel.filters',
    title: 'Pooling',
    text: [
      'Max pooling keeps the largest value of each 2×2 window, moving 2 at a time: the map halves in each direction and keeps where a feature was strongest, not exactly where.',
      'It has no weights. A convolution with stride 2 can do the same shrinking, with weights it learns (the strided preset).',
    ],
    action: 'Show the pooling windows and their winners',
    look: 'The designer steps through the 2×2 windows: the winning cell of each is marked, and the pooled map fills in.',
    learn: 'Max pooling keeps the largest value of each window and halves the map',
  },
  {
    id: 'stack',
    target: 'panel.lab.editor',
    title: 'A typical CNN stack',
    text: [
      'Convolutions with ReLU find edges, then combinations of edges; pooling shrinks the maps; flatten lays the last maps out in one row and a dense layer turns them into the 10 class scores.',
      'conv → ReLU → conv → ReLU → pool → flatten → dense: every row of the editor shows its output shape and its parameters.',
    ],
    action: 'Open this stack in the architecture editor',
    look: 'The Lab’s editor holds conv-relu-conv-relu-pool-flatten-dense. Change a kernel or a stride and watch the shapes follow.',
    learn: 'How conv, ReLU, pooling, flatten and dense layers stack, and each layer’s shape',
  },
  {
    id: 'mlp-cnn',
    target: 'panel.lab.compare',
    title: 'MLP against CNN',
    text: [
      'The studio ships a trained mlp and a trained cnn. The cnn has about half the parameters and is more accurate.',
      'The shift test moves the test digits by a few pixels: the cnn, whose filters look everywhere, keeps recognising them; the mlp, whose weights belong to positions, much less.',
    ],
    action: 'Compare the shipped models and run the shift test',
    look: 'The Lab’s table shows both models’ parameters and accuracy; the shift test draws accuracy against the shift.',
    learn: 'Why a CNN beats an MLP on images with fewer parameters',
  },
  {
    id: 'checkpoint',
    target: null,
    title: 'Checkpoint',
    text: ['Five questions, each checked at once. After a try the worked solution is shown; a new exercise of the same kind is one click away.'],
    action: 'Start the checkpoint',
    look: 'Answer each question below.',
    learn: 'Check it: sizes, parameters, edge filters and parameter sharing',
  },
];

export function stepById(id: StepId): LessonStep {
  return STEPS.find((s) => s.id === id)!;
}

export const isStepId = (v: unknown): v is StepId => typeof v === 'string' && (STEP_IDS as readonly string[]).includes(v);
