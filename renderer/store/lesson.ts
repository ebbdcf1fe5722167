// Lesson slice: the student's progress through the lesson (lib/lesson/progress.ts; saved locally by app/lesson.ts),
// and the designer's sliding-filter animation as the lesson sees it: a cue the designer plays (the convolution and
// pooling steps' actions) and its player's state, mirrored, so a step knows it was watched.
import type { StateCreator } from 'zustand';
import type { ExerciseKind } from '../lib/lesson/exercises';
import { freshProgress, withAttempt, type LessonProgress } from '../lib/lesson/progress';
import type { StepId } from '../lib/lesson/steps';
import type { AppState } from './index';

/** The designer's animation: shown or not, playing or not, in which phase (null while off). */
export interface DesignerAnim {
  on: boolean;
  playing: boolean;
  phase: 'conv' | 'pool' | null;
}

/** Asks the designer to play its animation from the start ('play') or from the first pooling window ('pool'). */
export interface DesignerCue {
  kind: 'play' | 'pool';
  id: number;
}

export interface LessonSlice {
  lesson: LessonProgress;
  designerAnim: DesignerAnim;
  designerCue: DesignerCue | null;
  setLesson(patch: Partial<Pick<LessonProgress, 'open' | 'step' | 'student'>>): void;
  /** Records that a step's action was seen done (the first time only). */
  markStepDone(id: StepId, at: string): void;
  answerExercise(kind: ExerciseKind, answer: string, correct: boolean, at: string): void;
  /** A new exercise of this kind (the next seed). */
  nextExercise(kind: ExerciseKind): void;
  /** Replaces the whole progress (a reset, or progress read back from storage). */
  loadLesson(p: LessonProgress): void;
  cueDesigner(kind: DesignerCue['kind']): void;
  /** The designer took the cue. */
  takeDesignerCue(): void;
  setDesignerAnim(a: DesignerAnim): void;
}

let cueId = 1;
export const OFF_ANIM: DesignerAnim = { on: false, playing: false, phase: null };

export const createLessonSlice: StateCreator<AppState, [], [], LessonSlice> = (set, get) => ({
  lesson: freshProgress(new Date(0).toISOString(), 1),
  designerAnim: OFF_ANIM,
  designerCue: null,
  setLesson: (patch) => set({ lesson: { ...get().lesson, ...patch } }),
  markStepDone: (id, at) => {
    const l = get().lesson;
    if (!l.done[id]) set({ lesson: { ...l, done: { ...l.done, [id]: at } } });
  },
  answerExercise: (kind, answer, correct, at) => set({ lesson: withAttempt(get().lesson, kind, answer, correct, at) }),
  nextExercise: (kind) => {
    const l = get().lesson;
    const e = l.exercises[kind];
    set({ lesson: { ...l, exercises: { ...l.exercises, [kind]: { seed: e.seed + 1, tries: 0, solved: false } } } });
  },
  loadLesson: (lesson) => set({ lesson }),
  cueDesigner: (kind) => set({ designerCue: { kind, id: cueId++ } }),
  takeDesignerCue: () => set({ designerCue: null }),
  setDesignerAnim: (a) => {
    const d = get().designerAnim;
    if (a.on !== d.on || a.playing !== d.playing || a.phase !== d.phase) set({ designerAnim: a });
  },
});
