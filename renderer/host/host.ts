// The one interface through which the UI reaches training and files (netron's view(host) pattern).
// Two implementations: desktop (Electron's window.desktop bridge) and browser (a Web Worker session).
import type { Command, FileResult, MenuAction, OpenResult, SessionEvent } from '../../core/protocol';

export type HostKind = 'desktop' | 'browser';

export interface Host {
  readonly kind: HostKind;
  /** Sends a command to the training session (fire and forget; replies arrive as events). */
  send(cmd: Command): void;
  /** Subscribes to session events; returns an unsubscribe function. */
  onEvent(cb: (e: SessionEvent) => void): () => void;
  /** Menu actions (desktop menu and shortcuts); the browser host never fires them. */
  onMenu(cb: (action: MenuAction) => void): () => void;
  /** Lets the user choose a model file and returns its text. */
  openModel(): Promise<OpenResult>;
  saveModel(text: string, suggestedName: string): Promise<FileResult>;
  /** Saves a PNG given as a data: URL. */
  exportPng(dataUrl: string, suggestedName: string): Promise<FileResult>;
  /** Saves text (CSV, JSON). */
  exportText(text: string, suggestedName: string): Promise<FileResult>;
  /** Stops the session (browser: terminates the worker). */
  dispose(): void;
}

/** A small fan-out helper both hosts use for their listeners. */
export class Emitter<T> {
  private readonly listeners = new Set<(v: T) => void>();

  on(cb: (v: T) => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  emit(v: T): void {
    for (const cb of [...this.listeners]) cb(v);
  }
}
