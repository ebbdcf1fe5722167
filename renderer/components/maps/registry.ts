// Which Konva stages (and plain map-grid canvases) the feature-map panel shows, by key, so "export the whole panel"
// can compose them.
import type Konva from 'konva';
import { createContext, useCallback, useContext } from 'react';

/**
 * Something the panel export can draw: a Konva.Stage, or a map grid's canvas enlarged as on screen (re-laid out up to
 * `maxWidth` px wide when given: the export is wider than the panel).
 */
export interface Exportable {
  toCanvas(opts?: { pixelRatio?: number; imageSmoothingEnabled?: boolean; maxWidth?: number }): HTMLCanvasElement;
}

export class StageRegistry {
  private readonly stages = new Map<string, Exportable>();
  private readonly preparers = new Map<string, () => void>();

  /** A function that brings stage `key` up to date before an export (a grid scrolled out of view skips repaints). */
  setPreparer(key: string, prepare: (() => void) | null): void {
    if (prepare) this.preparers.set(key, prepare);
    else this.preparers.delete(key);
  }

  /** Brings every stage up to date (before composing them into one image). */
  prepare(): void {
    for (const p of this.preparers.values()) p();
  }

  set(key: string, stage: Exportable | null): void {
    if (stage) this.stages.set(key, stage);
    else this.stages.delete(key);
  }

  get(key: string): Exportable | undefined {
    return this.stages.get(key);
  }

  keys(): string[] {
    return [...this.stages.keys()];
  }
}

export const StageRegistryContext = createContext<StageRegistry | null>(null);

/** The panel's registry (null outside one). */
export function useRegistry(): StageRegistry | null {
  return useContext(StageRegistryContext);
}

/** A ref callback that registers the stage under `key` (no-op outside a registry). */
export function useStageRegistry(key: string): (stage: Konva.Stage | null) => void {
  const reg = useContext(StageRegistryContext);
  return useCallback((stage: Konva.Stage | null) => reg?.set(key, stage), [reg, key]);
}
