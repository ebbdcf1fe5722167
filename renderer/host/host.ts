// The one interface through which the UI reaches training and files (netron's view(host) pattern).
// Two implementations: desktop (Electron's window.desktop bridge) and browser (a Web Worker session).
import { LIMITS } from '../../core/limits';
import type { CrashKind } from './restarting-worker';
import { parseCommand, requestId, type Command, type DesktopApi, type OpenResult, type SessionEvent } from '../../core/protocol';

export type HostKind = 'desktop' | 'browser';

/**
 * The desktop bridge's event and file methods (same contract, see DesktopApi in core/protocol.ts), plus sending
 * commands and disposal. The browser host never fires onMenu.
 */
export interface Host extends Pick<DesktopApi, 'onEvent' | 'onMenu' | 'openModel' | 'saveModel' | 'exportPng' | 'exportText' | 'exportOnnx' | 'openData'> {
  readonly kind: HostKind;
  /** Sends a command to the training session (fire and forget; replies arrive as events). */
  send(cmd: Command): void;
  /**
   * Lets the user pick a text file (e.g. a stack's JSON) and reads it. `accept` lists the extensions and types the
   * browser's picker offers (".json,application/json"); the desktop host opens its JSON file dialog.
   */
  openText(accept: string): Promise<OpenResult>;
  /** Test hook (browser host only): kills the training worker, or makes it throw, to exercise crash recovery. */
  crashWorker?(how: CrashKind): void;
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

/**
 * `post` for well-formed commands only (parseCommand, as main and the session check them again): a malformed or
 * oversized one — a list of 10⁷ numbers would take seconds to copy to the worker before anything looked at it — is
 * answered here, a moment later like any answer, with the bad-command error the session would give.
 */
export function checkedSend(post: (cmd: Command) => void, answer: (e: SessionEvent) => void): (cmd: Command) => void {
  return (cmd) => {
    try {
      parseCommand(cmd);
    } catch (e) {
      const id = requestId(cmd);
      const type: unknown = (cmd as { type?: unknown } | null)?.type;
      const error: SessionEvent = { type: 'error', code: 'bad-command', message: (e as Error).message, ...(id !== undefined ? { id } : {}), ...(typeof type === 'string' ? { command: type.slice(0, LIMITS.idChars) } : {}) };
      queueMicrotask(() => answer(error));
      return;
    }
    post(cmd);
  };
}
