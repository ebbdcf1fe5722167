// The editor's reducer: insert, remove, move, duplicate, field edits, load, undo/redo and the bounded history.
import { describe, expect, test } from 'vitest';
import { preset } from '../../../../core/presets';
import type { ModelSpec } from '../../../../core/spec';
import { canRedo, canUndo, emptySpec, HISTORY_LIMIT, initStack, stackReducer, type StackAction, type StackState } from '../../../../renderer/lib/lab/stack-editor';

const types = (s: StackState) => s.spec.layers.map((l) => l.type);
const run = (s: StackState, ...actions: StackAction[]) => actions.reduce(stackReducer, s);
const mlp = () => initStack(preset('mlp'));

describe('stack editor reducer', () => {
  test('insert puts a layer at an index (clamped to the ends)', () => {
    const s = run(initStack(emptySpec()), { type: 'insert', at: 0, layer: { type: 'flatten' } }, { type: 'insert', at: 9, layer: { type: 'dense', units: 10 } }, { type: 'insert', at: 1, layer: { type: 'relu' } });
    expect(types(s)).toEqual(['flatten', 'relu', 'dense']);
    expect(s.past).toHaveLength(3);
  });

  test('remove, move and duplicate; out-of-range indices change nothing', () => {
    const s0 = mlp();
    expect(types(run(s0, { type: 'remove', at: 2 }))).toEqual(['flatten', 'dense', 'dense']);
    expect(types(run(s0, { type: 'move', from: 0, to: 3 }))).toEqual(['dense', 'relu', 'dense', 'flatten']);
    expect(types(run(s0, { type: 'move', from: 2, to: 1 }))).toEqual(['flatten', 'relu', 'dense', 'dense']);
    const dup = run(s0, { type: 'duplicate', at: 1 });
    expect(types(dup)).toEqual(['flatten', 'dense', 'dense', 'relu', 'dense']);
    expect(dup.spec.layers[2]).toEqual({ type: 'dense', units: 128 });
    expect(dup.spec.layers[2]).not.toBe(dup.spec.layers[1]);
    for (const a of [{ type: 'remove', at: 4 }, { type: 'move', from: 0, to: 4 }, { type: 'duplicate', at: -1 }] as StackAction[]) expect(stackReducer(s0, a)).toBe(s0);
  });

  test('setField sets or clears a field without touching the old spec', () => {
    const s0 = initStack(preset('cnn'));
    const before = JSON.stringify(s0.spec);
    const s1 = run(s0, { type: 'setField', at: 0, key: 'kernel', value: 7 }, { type: 'setField', at: 0, key: 'padding', value: undefined });
    expect(s1.spec.layers[0]).toEqual({ type: 'conv2d', filters: 16, kernel: 7 });
    expect(JSON.stringify(s0.spec)).toBe(before);
    expect(stackReducer(s1, { type: 'setField', at: 0, key: 'kernel', value: 7 })).toBe(s1);
  });

  test('undo and redo walk the history; a new edit clears redo', () => {
    const s1 = run(mlp(), { type: 'remove', at: 0 }, { type: 'setInput', input: [1, 14, 14] });
    const u = run(s1, { type: 'undo' });
    expect(u.spec.input).toEqual([1, 28, 28]);
    expect(types(u)).toEqual(['dense', 'relu', 'dense']);
    const uu = run(u, { type: 'undo' });
    expect(uu.spec).toEqual(preset('mlp'));
    expect(canUndo(uu)).toBe(false);
    expect(run(uu, { type: 'undo' })).toBe(uu);
    expect(run(uu, { type: 'redo' }, { type: 'redo' }).spec).toEqual(s1.spec);
    const branched = run(u, { type: 'rename', name: 'mine' });
    expect(canRedo(branched)).toBe(false);
  });

  test('typing into one field is one undo step until the field is left', () => {
    const s = run(mlp(), { type: 'setField', at: 1, key: 'units', value: 1 }, { type: 'setField', at: 1, key: 'units', value: 12 }, { type: 'setField', at: 1, key: 'units', value: 120 });
    expect(s.past).toHaveLength(1);
    expect(run(s, { type: 'undo' }).spec.layers[1]).toEqual({ type: 'dense', units: 128 });
    const next = run(s, { type: 'commit' }, { type: 'setField', at: 1, key: 'units', value: 64 });
    expect(next.past).toHaveLength(2);
  });

  test(`history keeps the last ${HISTORY_LIMIT} steps each way`, () => {
    let s = initStack(emptySpec());
    for (let i = 0; i < HISTORY_LIMIT + 20; i++) s = stackReducer(s, { type: 'insert', at: 0, layer: { type: 'relu' } });
    expect(s.past).toHaveLength(HISTORY_LIMIT);
    for (let i = 0; i < HISTORY_LIMIT + 5; i++) s = stackReducer(s, { type: 'undo' });
    expect(s.spec.layers).toHaveLength(20);
    expect(s.future).toHaveLength(HISTORY_LIMIT);
  });

  test('load replaces the stack with a copy and can be undone', () => {
    const lenet: ModelSpec = preset('lenet');
    const s = run(mlp(), { type: 'load', spec: lenet });
    expect(s.spec).toEqual(lenet);
    expect(s.spec).not.toBe(lenet);
    expect(run(s, { type: 'undo' }).spec.name).toBe('mlp');
  });
});
