// Request/response over the host: gives id-carrying commands an id and resolves with the event that answers
// them (or rejects with the session's error for that id).
import type { Command, SessionEvent } from '../../core/protocol';
import type { Host } from '../host';

type Answer<T extends SessionEvent['type']> = Extract<SessionEvent, { type: T }>;

export class Requests {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (e: SessionEvent) => void; reject: (e: Error) => void }>();

  constructor(private readonly host: Host) {}

  /** Sends a command with a fresh id; resolves with the event that answers it. */
  private ask<T extends SessionEvent['type']>(make: (id: number) => Command): Promise<Answer<T>> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (e: SessionEvent) => void, reject });
      this.host.send(make(id));
    });
  }

  weights(): Promise<Answer<'weights'>> {
    return this.ask((id) => ({ type: 'weights:get', id }));
  }

  modelFile(): Promise<Answer<'model:file'>> {
    return this.ask((id) => ({ type: 'model:save', id }));
  }

  testImages(indices: number[]): Promise<Answer<'test-images'>> {
    return this.ask((id) => ({ type: 'data:test-images', id, indices }));
  }

  infer(image: Float32Array): Promise<Answer<'inference'>> {
    return this.ask((id) => ({ type: 'infer', id, image }));
  }

  /** Sends model:load; resolves when the session announces the new model, rejects with its error. */
  loadModel(text: string): Promise<void> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: () => resolve(), reject });
      const off = this.host.onEvent((e) => {
        if (e.type === 'model' && this.pending.has(id)) {
          off();
          this.pending.delete(id);
          resolve();
        } else if (e.type === 'error' && e.id === id) off();
      });
      this.host.send({ type: 'model:load', id, text });
    });
  }

  /** Routes an event to its waiting request; returns true when it was an answer. */
  route(e: SessionEvent): boolean {
    if (!('id' in e) || e.id === undefined) return false;
    const p = this.pending.get(e.id);
    if (!p) return false;
    this.pending.delete(e.id);
    if (e.type === 'error') p.reject(new Error(e.message));
    else p.resolve(e);
    return true;
  }

  /** Fails every waiting request (the host went away). */
  rejectAll(reason: string): void {
    for (const p of this.pending.values()) p.reject(new Error(reason));
    this.pending.clear();
  }
}
