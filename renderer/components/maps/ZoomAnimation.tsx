// The sliding filter in the enlarged map of a conv layer: the designer's player, controls and overlay (filters/) over
// this layer's own numbers — its input with the padding border on the left (the drawing for the first conv; for a later
// one the sum over its input channels), the channel's map filling in on the right, ending on the map the panel shows.
import { useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import { Image as KImage, Layer, Rect, Stage, Text } from 'react-konva';
import type { ModelId } from '../../../core/protocol';
import type { LayerInfo, LayerSpec } from '../../../core/spec';
import { timelineOf } from '../../lib/filters/animation';
import { rangeOf, scaleFor, type ColorScale } from '../../lib/filters/colors';
import { layerAnimation, type LayerAnimation } from '../../lib/filters/layer-anim';
import type { AnimationPlayer } from '../../lib/filters/player';
import { activationsOf, inputShapeOf, weightsOf } from '../../lib/model-fields';
import { useStore } from '../../store';
import { paddedCanvas } from '../filters/anim-paint';
import { AnimationControls, onAnimationKey, saidId, usePlayerValue } from '../filters/AnimationControls';
import { AnimationOverlay, type AnimBoxes, type AnimScales } from '../filters/AnimationOverlay';
import { useFrameValue } from './hooks';
import { valuesCanvas } from './paint';
import { ZoomReadout } from './zoom-readout';

export const ANIM_IDS = 'maps.anim';
const SIZE = 280;
const GAP = 24;
const TITLE = 18;

/**
 * Channel `channel` of conv layer `info` as an animation, from the model's activations (the layer's input: the network
 * input for layer 0, else the previous layer's output) and weights; null while either is missing or they disagree.
 */
export function useLayerAnimation(model: ModelId, info: LayerInfo, spec: LayerSpec, channel: number): LayerAnimation | null {
  const act = useFrameValue((s) => activationsOf(s, model));
  const weights = useStore((s) => weightsOf(s, model));
  const input = useStore((s) => s.input);
  const netShape = useStore((s) => inputShapeOf(s, model));
  return useMemo(() => {
    const out = act?.outputs[info.index];
    const prev = info.index === 0 ? null : act?.outputs[info.index - 1];
    const weight = weights?.find((w) => w.name === `${info.index}.weight`);
    if (spec.type !== 'conv2d' || !out || !weight || !info.pads || (info.index > 0 && !prev)) return null;
    const inShape = prev ? prev.shape.slice(1) : (netShape ?? []);
    try {
      return layerAnimation(
        { input: prev ? prev.data : input, inShape, output: out.data, outShape: info.outShape, weight, bias: weights!.find((w) => w.name === `${info.index}.bias`) ?? null, stride: spec.stride ?? 1, pads: info.pads },
        channel,
      );
    } catch {
      // (weights of another spec, until the mirror catches up)
      return null;
    }
  }, [act, weights, input, netShape, info, spec, channel]);
}

/** The animation's controls (always) and, while it is on, its stage and read-out; `scale` is the map's colour scale. */
export function ZoomAnimation({ player, anim, channel, scale, inputName }: { player: AnimationPlayer; anim: LayerAnimation; channel: number; scale: ColorScale; inputName: string }) {
  const on = usePlayerValue(player, (s) => s.on);
  const t = useMemo(() => timelineOf(anim), [anim]);
  // before the painters' effects see the new map (their step must exist in it)
  useLayoutEffect(() => player.setTotal(t.total), [player, t.total]);
  return (
    <div className="zoom-anim">
      <AnimationControls player={player} result={anim} k={anim.k} stride={anim.stride} ids={ANIM_IDS} />
      {on && <ZoomAnimStage player={player} anim={anim} channel={channel} scale={scale} inputName={inputName} />}
    </div>
  );
}

function ZoomAnimStage({ player, anim, channel, scale, inputName }: { player: AnimationPlayer; anim: LayerAnimation; channel: number; scale: ColorScale; inputName: string }) {
  const { pads, shown, conv } = anim;
  const pw = pads.left + shown.w + pads.right;
  const ph = pads.top + shown.h + pads.bottom;
  const pc = SIZE / Math.max(pw, ph);
  const cell = SIZE / Math.max(conv.w, conv.h);
  const mapX = SIZE + GAP;
  const inScale = useMemo(() => scaleFor(rangeOf(shown.data)), [shown]);
  const inCanvas = useMemo(() => paddedCanvas(shown, pads, inScale), [shown, pads, inScale]);
  const mapCanvas = useMemo(() => valuesCanvas(conv.data, conv.w, conv.h, scale), [conv, scale]);
  const boxes: AnimBoxes = useMemo(
    () => ({ input: { x: pads.left * pc, y: TITLE + pads.top * pc, cell: pc, w: shown.w, h: shown.h }, conv: { x: mapX, y: TITLE, cell, w: conv.w, h: conv.h }, relu: null, pool: null }),
    [pads, pc, shown, mapX, cell, conv],
  );
  const scales: AnimScales = useMemo(() => ({ conv: scale, relu: null, pool: null }), [scale]);
  const data = useRef<HTMLDivElement>(null);
  const readout = useRef<HTMLDivElement>(null);
  const t = useMemo(() => timelineOf(anim), [anim]);

  useEffect(() => {
    const host = readout.current;
    if (!host) return;
    const writer = new ZoomReadout(host);
    const paint = () => {
      const s = player.get();
      if (s.on && s.step < t.total) writer.write(anim, channel, Math.floor(s.step / t.convW), s.step % t.convW, s.playing);
    };
    paint();
    const off = player.onStepOrChange(paint);
    return () => {
      off();
      writer.rest();
    };
  }, [player, anim, channel, t]);

  const padded = pads.top + pads.left + pads.bottom + pads.right > 0;
  return (
    <>
      <div
        ref={data}
        className="zoom-anim-stage canvas-focus"
        tabIndex={0}
        role="application"
        aria-roledescription="sliding filter"
        aria-label="The layer's input and this channel's map: Space plays or pauses, arrow keys step, Home and End go to the first and last step, Escape shows the whole map"
        aria-describedby={saidId(ANIM_IDS)}
        data-testid="maps.anim-stage"
        onKeyDown={(e) => onAnimationKey(e, player, t)}
      >
        <Stage
          width={mapX + SIZE}
          height={TITLE + SIZE}
          onClick={(e) => {
            const p = e.target.getStage()?.getPointerPosition();
            if (!p) return;
            const ox = Math.floor((p.x - mapX) / cell);
            const oy = Math.floor((p.y - TITLE) / cell);
            if (ox >= 0 && oy >= 0 && ox < conv.w && oy < conv.h) player.dispatch({ type: 'seek', step: oy * t.convW + ox });
          }}
        >
          <Layer imageSmoothingEnabled={false}>
            <Rect width={mapX + SIZE} height={TITLE + SIZE} fill="#121923" />
            <KImage image={inCanvas} y={TITLE} width={pw * pc} height={ph * pc} />
            <KImage image={mapCanvas} x={mapX} y={TITLE} width={conv.w * cell} height={conv.h * cell} />
          </Layer>
          <Layer listening={false}>
            <Text y={2} width={SIZE} align="center" fontSize={11} fill="#cbd5e1" text={`${padded ? 'Padded input' : 'Input'} ${ph}×${pw}: ${inputName}`} />
            <Text x={mapX} y={2} width={SIZE} align="center" fontSize={11} fill="#cbd5e1" text={`Channel ${channel} ${conv.h}×${conv.w}`} />
            {padded && <Rect x={boxes.input.x} y={boxes.input.y} width={shown.w * pc} height={shown.h * pc} stroke="#94a3b8" strokeWidth={1} dash={[3, 3]} />}
          </Layer>
        </Stage>
        <AnimationOverlay player={player} result={anim} stride={anim.stride} k={anim.k} boxes={boxes} scales={scales} data={data} />
      </div>
      <div className="readout" ref={readout} data-testid="maps.anim-readout" />
      <p className="hint zoom-anim-hint">
        The {anim.k}×{anim.k} window moves over {anim.input.length === 1 ? 'the layer’s input' : `the sum of the layer’s ${anim.input.length} input channels (each channel has its own ${anim.k}×${anim.k} weights; the read-out lists what each adds)`}
        {padded ? ', padding border included' : ''}, {anim.stride} cell{anim.stride > 1 ? 's' : ''} at a time; each stop fills one cell of the map with the layer’s own value.
        Click a cell of the map to go to its step.
      </p>
    </>
  );
}
