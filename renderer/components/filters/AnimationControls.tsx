// The sliding filter's controls: first step, step back, play/pause, step forward, last step, jump to pooling, speed,
// the step counter and a button back to the whole maps. Space, the arrows, Home, End and Escape work while a control
// (not the speed slider) has the focus. A polite live region says where the window is once it rests (not while playing).
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { describeStep, keyAction, SPEED, stepAt, timelineOf, type Animated, type PlayState, type Timeline } from '../../lib/filters/animation';
import type { AnimationPlayer } from '../../lib/filters/player';

/** A value of the player's state (or speed) for React: re-renders only on the player's low-rate changes. */
export function usePlayerValue<T>(player: AnimationPlayer, select: (s: PlayState, speed: number) => T): T {
  const subscribe = useCallback((cb: () => void) => player.onChange(cb), [player]);
  return useSyncExternalStore(subscribe, () => select(player.get(), player.speed));
}

/** The id of the live region saying where the animation rests (aria-describedby of what the keys act on). */
export const saidId = (ids: string) => `${ids.replace(/\./g, '-')}-said`;

/** Handles an animation key (see keyAction) and returns whether it did; modified keys are left alone. */
export function onAnimationKey(e: React.KeyboardEvent, player: AnimationPlayer, t: Timeline): boolean {
  if (e.ctrlKey || e.altKey || e.metaKey) return false;
  const a = keyAction(e.key, player.get(), t);
  if (!a) return false;
  e.preventDefault();
  player.dispatch(a);
  return true;
}

/** What the live region says when the animation comes to rest, starts playing or closes. */
function announcement(s: PlayState, r: Animated, stride: number, k: number, speed: number): string {
  if (!s.on) return 'The whole maps are shown.';
  if (s.playing) return `Playing at ${speed} cells per second.`;
  const t = timelineOf(r);
  const line = describeStep(stepAt(r, stride, s.step), t, k);
  return s.step === t.total - 1 ? `${line}. Done: every cell is filled in.` : line;
}

/** While playing, the counter changes at most this often, ms (10 times a second: every step at 8 cells/s, whose steps are 7–8 frames apart). */
const COUNTER_MS = 100;

/** The step counter: which phase, which step of how many. */
function counter(s: PlayState, t: Timeline): string {
  if (!s.on) return `${t.total} steps`;
  return s.step < t.conv ? `conv ${s.step + 1}/${t.conv}` : `pool ${s.step - t.conv + 1}/${t.pool}`;
}

const ICONS = {
  first: 'M3 3h2v10H3zM13 3v10L6 8z',
  back: 'M11 3v10L4 8z',
  play: 'M5 3v10l8-5z',
  pause: 'M4 3h3v10H4zM9 3h3v10H9z',
  forward: 'M5 3v10l7-5z',
  last: 'M11 3h2v10h-2zM3 3v10l7-5z',
  close: 'M4 3L3 4l4 4-4 4 1 1 4-4 4 4 1-1-4-4 4-4-1-1-4 4z',
} as const;

function Icon({ d }: { d: string }) {
  return (
    <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path d={d} fill="currentColor" />
    </svg>
  );
}

/**
 * `ids`: the prefix of the controls' test ids (and of the live region's id), one per place the animation is shown — the
 * designer's 'filters.anim', the enlarged map's 'maps.anim'.
 */
export function AnimationControls({ player, result, k, stride, ids = 'filters.anim' }: { player: AnimationPlayer; result: Animated; k: number; stride: number; ids?: string }) {
  const on = usePlayerValue(player, (s) => s.on);
  const playing = usePlayerValue(player, (s) => s.playing);
  const speed = usePlayerValue(player, (_, v) => v);
  const t = useMemo(() => timelineOf(result), [result]);
  const status = useRef<HTMLSpanElement>(null);
  const [said, setSaid] = useState('');

  // the counter follows every step (a text node, no render); while playing at most every COUNTER_MS (a changed text
  // costs the page a layout, paint and commit, which the steps themselves no longer need), at rest at once
  useEffect(() => {
    let last = -Infinity;
    const paint = (s: PlayState) => {
      const now = performance.now();
      if (s.playing && now - last < COUNTER_MS) return;
      last = now;
      if (status.current) status.current.textContent = counter(s, t);
    };
    paint(player.get());
    return player.onStepOrChange(paint);
  }, [player, t]);

  // the live region: what the animation rests on, 300 ms after the last change (keys held down say it once)
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    let last = { on: player.get().on, playing: player.get().playing, step: player.get().step };
    const off = player.onChange((s) => {
      if (s.on === last.on && s.playing === last.playing && s.step === last.step) return; // the speed: the slider says it
      last = { on: s.on, playing: s.playing, step: s.step };
      if (timer !== null) clearTimeout(timer);
      timer = setTimeout(() => setSaid(announcement(player.get(), result, stride, k, player.speed)), 300);
    });
    return () => {
      off();
      if (timer !== null) clearTimeout(timer);
    };
  }, [player, result, stride, k]);

  const focusPlay = () => document.querySelector<HTMLElement>(`[data-testid="${ids}.play"]`)?.focus();
  const keys = (e: React.KeyboardEvent) => {
    const target = e.target as HTMLElement;
    if (target.tagName === 'INPUT' || target.tagName === 'SELECT') return; // the speed slider keeps its arrows
    // Escape on × takes × away: the focus stays in the controls, on Play
    if (onAnimationKey(e, player, t) && !player.get().on && target.dataset.testid === `${ids}.close`) focusPlay();
  };
  const go = (a: Parameters<AnimationPlayer['dispatch']>[0]) => () => player.dispatch(a);
  const button = (name: string, label: string, icon: string, onClick: () => void) => (
    <button type="button" className="anim-button" aria-label={label} title={label} data-testid={`${ids}.${name}`} onClick={onClick}>
      <Icon d={icon} />
    </button>
  );

  return (
    <div
      className="anim-controls"
      role="group"
      aria-label="Sliding filter animation: Space plays or pauses, arrow keys step, Home and End go to the first and last step"
      aria-describedby={saidId(ids)}
      data-testid={ids}
      data-on={on}
      data-playing={playing}
      data-total={t.total}
      onKeyDown={keys}
      // a button's own Space would click it on key-up: Space toggles play instead
      onKeyUp={(e) => e.key === ' ' && (e.target as HTMLElement).tagName === 'BUTTON' && e.preventDefault()}
    >
      {button('first', 'First step (Home)', ICONS.first, go({ type: 'home' }))}
      {button('back', 'Step back (Left arrow)', ICONS.back, go({ type: 'step', by: -1 }))}
      {button('play', playing ? 'Pause (Space)' : 'Play the sliding filter (Space)', playing ? ICONS.pause : ICONS.play, go({ type: 'toggle' }))}
      {button('forward', 'Step forward (Right arrow)', ICONS.forward, go({ type: 'step', by: 1 }))}
      {button('last', 'Last step (End)', ICONS.last, go({ type: 'end' }))}
      {t.pool > 0 && (
        <button type="button" className="anim-button anim-text" title="Jump to the first pooling step" data-testid={`${ids}.pool`} onClick={go({ type: 'seek', step: t.conv })}>
          Pool
        </button>
      )}
      <label className="anim-speed" title="Speed, cells per second">
        <span className="sr-only">Speed</span>
        <input type="range" min={SPEED.min} max={SPEED.max} step={1} value={speed} aria-valuetext={`${speed} cells per second`} data-testid={`${ids}.speed`} onChange={(e) => player.setSpeed(Number(e.target.value))} />
        <span className="anim-speed-value" aria-hidden="true">
          {speed}/s
        </span>
      </label>
      <span className="anim-status" ref={status} data-testid={`${ids}.status`} />
      {on &&
        button('close', 'Show the whole maps (Escape)', ICONS.close, () => {
          // the button goes away with the animation: the focus stays in the controls, on Play
          focusPlay();
          player.dispatch({ type: 'stop' });
        })}
      <span id={saidId(ids)} className="sr-only" aria-live="polite" data-testid={`${ids}.said`}>
        {said}
      </span>
    </div>
  );
}
