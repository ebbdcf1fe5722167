// What one output number is made of: the input patch × the weights, element by element, then the sum plus bias (the
// dot product of filter and patch); for a pooled cell, the 2×2 window and its winner. It follows the hovered cell, or,
// while the sliding-filter animation is on, the animation's step (drawn per step on a live canvas while it plays, in
// the DOM when it rests; no React render).
import { useEffect, useLayoutEffect, useRef } from 'react';
import { stepAt, timelineOf, type Step } from '../../lib/filters/animation';
import { patchProduct, poolWindow, type DesignerConfig, type DesignerResult } from '../../lib/filters/designer';
import type { AnimationPlayer } from '../../lib/filters/player';
import { usePlayerValue } from './AnimationControls';
import type { Hover } from './PipelineView';
import { StepReadout } from './readout-canvas';
import { ReadoutWriter, type ReadoutContent } from './readout-dom';

const convTitle = (oy: number, ox: number, map: 'convolution' | 'ReLU') => `Output (${oy}, ${ox}) of the ${map} map = patch × weights, summed, plus bias`;
const poolTitle = (oy: number, ox: number) => `Pooled (${oy}, ${ox}) = the largest of its 2×2 window`;

/** A conv cell's read-out; with `relu`, its ReLU too (max(0, total)); `map` names the map in the title. */
function convContent(r: DesignerResult, cfg: DesignerConfig, oy: number, ox: number, relu: boolean, map: 'convolution' | 'ReLU'): ReadoutContent {
  const i = oy * r.conv.w + ox;
  return { kind: 'conv', p: patchProduct(r.input, cfg, r.pads, oy, ox), k: cfg.k, output: r.conv.data[i], relu: relu ? r.activated.data[i] : null, title: convTitle(oy, ox, map) };
}

/** The hovered cell's read-out (null: a pooled cell where there is no pooling). */
export function hoverContent(r: DesignerResult, cfg: DesignerConfig, h: Hover): ReadoutContent | null {
  if (h.map !== 'pool') return convContent(r, cfg, h.oy, h.ox, h.map === 'relu', h.map === 'relu' ? 'ReLU' : 'convolution');
  return r.pooled ? { kind: 'pool', w: poolWindow(r.activated, r.pooled, h.oy, h.ox), title: poolTitle(h.oy, h.ox) } : null;
}

/** An animation step's read-out: the conv cell being filled (with its ReLU when ReLU is on), or the pooled cell. */
export function stepContent(r: DesignerResult, cfg: DesignerConfig, s: Step): ReadoutContent {
  if (s.phase === 'conv') return convContent(r, cfg, s.oy, s.ox, cfg.relu, 'convolution');
  return { kind: 'pool', w: poolWindow(r.activated, r.pooled!, s.oy, s.ox), title: poolTitle(s.oy, s.ox) };
}

/**
 * `blank`: the input is the drawing and it has no ink yet, so every output is the bias alone; the hint then says how to
 * get a picture in first.
 */
export function PatchReadout({ result, cfg, hover, player, blank = false }: { result: DesignerResult; cfg: DesignerConfig; hover: Hover | null; player: AnimationPlayer; blank?: boolean }) {
  const on = usePlayerValue(player, (s) => s.on);
  const host = useRef<HTMLDivElement>(null);
  const content = !on && hover ? hoverContent(result, cfg, hover) : null;

  useLayoutEffect(() => {
    if (content && host.current) new ReadoutWriter(host.current).write(content);
  });

  useEffect(() => {
    const el = host.current;
    if (!on || !el) return;
    const readout = StepReadout.of(el);
    const total = timelineOf(result).total;
    const paint = () => {
      const s = player.get();
      if (s.on && s.step < total) readout.show(stepContent(result, cfg, stepAt(result, cfg.stride, s.step)), s.playing);
    };
    paint();
    // steps while playing go to the canvas; a pause (no new step) puts the texts into the DOM
    const off = player.onStepOrChange(paint);
    return () => {
      off();
      readout.rest();
    };
  }, [on, player, result, cfg]);

  if (!on && !content) {
    if (hover) return null;
    return blank ? (
      <p className="hint patch-hint" data-testid="filters.blank-hint">
        No ink yet: draw a digit, or pick a test image under Input; then hover an output cell or play the sliding filter.
      </p>
    ) : (
      <p className="hint patch-hint">Hover a cell of an output map to see how it is computed, or play the sliding filter.</p>
    );
  }
  return <div className="readout" ref={host} data-anim={on} />;
}
