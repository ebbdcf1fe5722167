// The one interface through which the UI reaches training and files (netron's view(host) pattern).
// Two implementations: desktop (Electron's window.desktop bridge) and browser (a Web Worker session).
import type { Command, DesktopApi, OpenResult } from '../../core/protocol';

export type HostKind = 'desktop' | 'browser';

/**
 * The desktop bridge's event and file methods (same contract, see DesktopApi in core/protocol.ts), plus sending
 * commands and disposal. The browser host never fires onMenu.
 */
export interface Host extends Pick<DesktopApi, 'onEvent' | 'onMenu' | 'openModel' | 'saveModel' | 'exportPng' | 'exportText' | 'exportOnnx'> {
  readonly kind: HostKind;
  /** Sends a command to the training session (fire and forget; replies arrive as events). */
  send(cmd: Command): void;
  /**
   * Lets the user pick a text file (e.g. a stack's JSON) and reads it. `accept` lists the extensions and types the
   * browser's picker offers (".json,application/json"); the desktop host opens its JSON file dialog.
   */
  openText(accept: string): Promise<OpenResult>;
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
