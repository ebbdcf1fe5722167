// The one request/response mechanism over the host: every command gets a fresh id, and the promise settles with the
// session's one answer for that id — its reply, or a rejection with the session's error (code and message).
import type { Command, ErrorCode, ReplyTo, SessionEvent } from '../../core/protocol';
import type { Host } from '../host';

/** A command as a caller writes it: everything but the id. */
export type Request = Command extends infer C ? (C extends Command ? Omit<C, 'id'> : never) : never;

/** The session refused a request; `code` says why (core/protocol.ts ErrorCode). */
export class RequestError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'RequestError';
  }
}

/** The request was cancelled (explain:cancel): nothing went wrong, nothing to tell the user. */
export function isCancelled(err: unknown): boolean {
  return err instanceof RequestError && err.code === 'cancelled';
}

export class Requests {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (e: SessionEvent) => void; reject: (e: Error) => void }>();

  constructor(private readonly host: Host) {}

  /** Sends `cmd` with a fresh id; resolves with the session's reply to it, rejects with its error. */
  ask<T extends Request>(cmd: T): Promise<ReplyTo<T['type']>> {
    return this.start(cmd).reply;
  }

  /**
   * ask(), also giving the request's id: for a long request that may be cancelled (explain:cancel names it) or whose
   * pushed progress events name it.
   */
  start<T extends Request>(cmd: T): { id: number; reply: Promise<ReplyTo<T['type']>> } {
    const id = this.nextId++;
    const reply = new Promise<ReplyTo<T['type']>>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (e: SessionEvent) => void, reject });
    });
    this.host.send({ ...cmd, id } as Command);
    return { id, reply };
  }

  /** Routes an event to its waiting request; returns true when it was an answer. */
  route(e: SessionEvent): boolean {
    if (!('id' in e) || e.id === undefined) return false;
    const p = this.pending.get(e.id);
    if (!p) return false;
    this.pending.delete(e.id);
    if (e.type === 'error') p.reject(new RequestError(e.code, e.message));
    else p.resolve(e);
    return true;
  }

  /** Fails every waiting request (the session that was asked went away). */
  rejectAll(reason: string): void {
    for (const p of this.pending.values()) p.reject(new RequestError('worker', reason));
    this.pending.clear();
  }
}
