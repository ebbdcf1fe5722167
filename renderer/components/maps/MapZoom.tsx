// One map enlarged, with its value under the pointer and a PNG export. For a max-pooling layer the input map is
// shown beside it with every window's winner marked; hovering a pooled value outlines its 2×2 window. For a conv
// layer, what the channel's filter looks for (FilterLooksFor) is shown beside it, and its sliding filter can be played
// over the layer's input (ZoomAnimation).
import type Konva from 'konva';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Image as KImage, Layer, Rect, Stage } from 'react-konva';
import type { ModelId } from '../../../core/protocol';
import type { LayerInfo, LayerSpec } from '../../../core/spec';
import { useController } from '../../app/context';
import { mapChecksum } from '../../lib/filters/animation';
import { fmt, rangeOf, scaleFor, type ColorScale } from '../../lib/filters/colors';
import { poolWinners } from '../../lib/filters/maps';
import { AnimationPlayer } from '../../lib/filters/player';
import { activationsOf } from '../../lib/model-fields';
import { useStore } from '../../store';
import { ColorLegend } from './ColorLegend';
import { FilterLooksFor } from './FilterLooksFor';
import { useFramePaint, useFrameValue } from './hooks';
import { drawLayer, makeCanvas, paintCanvas } from './paint';
import { usePlayerValue } from '../filters/AnimationControls';
import { useLayerAnimation, ZoomAnimation } from './ZoomAnimation';

const SIZE = 280;

/** True when every value in pooling window (oy, ox) of a plane starting at `base` is the same. */
function windowFlat(data: ArrayLike<number>, base: number, iw: number, g: PoolGeom, oy: number, ox: number): boolean {
  const first = data[base + oy * g.stride * iw + ox * g.stride];
  for (let dy = 0; dy < g.size; dy++) for (let dx = 0; dx < g.size; dx++) if (data[base + (oy * g.stride + dy) * iw + ox * g.stride + dx] !== first) return false;
  return true;
}
const GAP = 24;

export interface PoolGeom {
  size: number;
  stride: number;
}

export function MapZoom(props: { model: ModelId; info: LayerInfo; spec: LayerSpec; prevInfo: LayerInfo | null; pool: PoolGeom | null; channel: number; diverging: boolean; onClose: () => void }) {
  const { model, info, spec, prevInfo, pool, channel, diverging, onClose } = props;
  const controller = useController();
  const [, h, w] = info.outShape;
  const isPool = info.type === 'maxpool2d' && pool !== null && prevInfo !== null && prevInfo.outShape.length === 3;
  const [, ih, iw] = isPool ? prevInfo!.outShape : [0, 0, 0];
  const canvas = useMemo(() => makeCanvas(w, h), [w, h]);
  const inCanvas = useMemo(() => makeCanvas(iw || 1, ih || 1), [iw, ih]);
  const winCanvas = useMemo(() => makeCanvas(iw || 1, ih || 1), [iw, ih]);
  const layerRef = useRef<Konva.Layer>(null);
  const stageRef = useRef<Konva.Stage>(null);
  const [hover, setHover] = useState<{ y: number; x: number } | null>(null);
  const [scale, setScale] = useState<ColorScale | null>(null);
  const act = useFrameValue((s) => activationsOf(s, model));
  const plane = h * w;
  const mapX = isPool ? SIZE + GAP : 0;
  const cell = SIZE / w;
  /** A conv layer's channel is one filter: what it looks for is shown beside its map. */
  const looksFor = info.type === 'conv2d';
  const dialog = useRef<HTMLDivElement>(null);
  const [player] = useState(() => new AnimationPlayer());
  useEffect(() => () => player.dispose(), [player]);
  const anim = useLayerAnimation(model, info, spec, channel);
  const animating = usePlayerValue(player, (s) => s.on);

  useFramePaint(
    () => {
      const s = useStore.getState();
      const a = activationsOf(s, model);
      const out = a?.outputs[info.index];
      if (!out) return;
      const layerRange = s.mapScale === 'shared' ? rangeOf(out.data) : rangeOf(out.data, channel * plane, plane);
      const sc = scaleFor(layerRange, diverging);
      paintCanvas(canvas, out.data, w, h, sc, channel * plane);
      // what the map shows, bit for bit (the sliding filter ends on the same checksum)
      if (dialog.current) dialog.current.dataset.mapChecksum = mapChecksum(Float32Array.from(out.data.subarray(channel * plane, (channel + 1) * plane)));
      const prev = isPool ? a?.outputs[info.index - 1] : null;
      const argmax = a?.argmax[info.index];
      if (prev && argmax) {
        paintCanvas(inCanvas, prev.data, iw, ih, sc, channel * ih * iw);
        const ctx = winCanvas.getContext('2d');
        if (ctx) {
          const img = ctx.createImageData(iw, ih);
          const base = channel * ih * iw;
          poolWinners(argmax, prevInfo!.outShape, channel, plane).forEach(({ iy, ix }, o) => {
            // A window whose values are all equal has no real winner (core takes the first): leave it unmarked.
            if (windowFlat(prev.data, base, iw, pool!, Math.floor(o / w), o % w)) return;
            img.data.set([52, 211, 153, 150], (iy * iw + ix) * 4);
          });
          ctx.putImageData(img, 0, 0);
        }
      }
      setScale(sc);
      drawLayer(layerRef.current);
    },
    (s, prev) => activationsOf(s, model) !== activationsOf(prev, model) || s.mapScale !== prev.mapScale,
    [canvas, channel, info.index, model],
  );

  // the dialog takes the focus (its Close button) and gives it back to what opened it (a map grid) when it closes
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    closeRef.current?.focus();
    return () => {
      if (opener?.isConnected) opener.focus();
    };
  }, []);

  useEffect(() => {
    // (an Escape the sliding filter took, to show the whole map again, does not close the dialog)
    const key = (e: KeyboardEvent) => e.key === 'Escape' && !e.defaultPrevented && onClose();
    window.addEventListener('keydown', key);
    return () => window.removeEventListener('keydown', key);
  }, [onClose]);

  const value = hover && act ? act.outputs[info.index]?.data[channel * plane + hover.y * w + hover.x] : undefined;
  let windowText = '';
  if (isPool && hover && act) {
    const prev = act.outputs[info.index - 1].data;
    const base = channel * ih * iw;
    const { size, stride } = pool!;
    const vals = Array.from({ length: size * size }, (_, i) => prev[base + (hover.y * stride + Math.floor(i / size)) * iw + hover.x * stride + (i % size)]);
    windowText = ` = max(${vals.map(fmt).join(', ')})`;
  }
  const exportPng = async () => {
    const url = stageRef.current?.toDataURL({ pixelRatio: 1, imageSmoothingEnabled: false });
    if (!url) return;
    const r = await controller.host.exportPng(url, `layer${info.index}-${info.type}-channel${channel}.png`);
    if (!r.ok && !r.canceled) useStore.getState().showError(`Could not export the map: ${r.error}`);
  };
  const onMove = (e: Konva.KonvaEventObject<MouseEvent>) => {
    const p = e.target.getStage()?.getPointerPosition();
    if (!p) return;
    const x = Math.floor((p.x - mapX) / cell);
    const y = Math.floor(p.y / cell);
    setHover(x >= 0 && y >= 0 && x < w && y < h ? { y, x } : null);
  };

  return (
    <div className="map-zoom-backdrop" onClick={onClose}>
      <div className="map-zoom" role="dialog" aria-modal="true" aria-label={`Enlarged map: layer ${info.index}, channel ${channel}`} data-testid="maps.zoom" data-layer={info.index} data-channel={channel} ref={dialog} onClick={(e) => e.stopPropagation()}>
        <div className="map-zoom-head">
          <strong>
            Layer {info.index} ({info.type}), channel {channel}: {h}×{w}
          </strong>
          <span className="spacer" />
          <button onClick={() => void exportPng()} data-testid="maps.zoom-export">
            Export PNG
          </button>
          <button ref={closeRef} onClick={onClose} data-testid="maps.zoom-close">
            Close
          </button>
        </div>
        <div className="map-zoom-body">
          <div className="map-zoom-map">
            {anim && scale && <ZoomAnimation player={player} anim={anim} channel={channel} scale={scale} inputName={info.index === 0 ? 'the drawing' : `Σ of ${anim.input.length} channels`} />}
            <div hidden={animating}>
              <Stage ref={stageRef} width={mapX + SIZE} height={SIZE} onMouseMove={onMove} onMouseLeave={() => setHover(null)}>
                <Layer ref={layerRef} imageSmoothingEnabled={false}>
                  <Rect width={mapX + SIZE} height={SIZE} fill="#121923" />
                  {isPool && <KImage image={inCanvas} width={SIZE} height={SIZE} />}
                  {isPool && <KImage image={winCanvas} width={SIZE} height={SIZE} />}
                  <KImage image={canvas} x={mapX} width={SIZE} height={SIZE} />
                </Layer>
                <Layer listening={false}>
                  {hover && <Rect x={mapX + hover.x * cell} y={hover.y * cell} width={cell} height={cell} stroke="#f59e0b" strokeWidth={2} />}
                  {hover && isPool && (
                    <Rect x={hover.x * pool!.stride * (SIZE / iw)} y={hover.y * pool!.stride * (SIZE / ih)} width={pool!.size * (SIZE / iw)} height={pool!.size * (SIZE / ih)} stroke="#f59e0b" strokeWidth={2} />
                  )}
                </Layer>
              </Stage>
            </div>
            {isPool && <p className="hint">Left: the layer's input (channel {channel}) with each {pool!.size}×{pool!.size} window's winner tinted green (windows whose values are all equal have no winner). Right: the pooled map.</p>}
            {!animating && (
              <div className="map-zoom-value" data-testid="maps.zoom-value">
                {hover && value !== undefined ? `(${hover.y}, ${hover.x}) = ${fmt(value)}${windowText}` : 'Hover the map to read its values.'}
              </div>
            )}
            {scale && <ColorLegend scale={scale} label="value" />}
            {looksFor && !animating && <p className="hint">This channel's map of the drawing (or test digit) shown in Draw &amp; predict; play its sliding filter with the controls above.</p>}
          </div>
          {looksFor && <FilterLooksFor model={model} layer={info.index} channel={channel} />}
        </div>
      </div>
    </div>
  );
}
