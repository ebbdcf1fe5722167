// Store reads for the live panels: values that change many times a second are re-read at most once per
// animation frame, and container widths come from a ResizeObserver.
import { startTransition, useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import { useStore, type AppState } from '../../store';
import { frameThrottle } from './paint';

/** Like useStore(selector), but re-renders at most once per animation frame. `selector` is read once. */
export function useFrameValue<T>(selector: (s: AppState) => T): T {
  const sel = useRef(selector);
  const [value, setValue] = useState(() => selector(useStore.getState()));
  useEffect(() => {
    const t = frameThrottle(() => setValue(() => sel.current(useStore.getState())));
    const off = useStore.subscribe((s, prev) => {
      if (sel.current(s) !== sel.current(prev)) t.request();
    });
    t.request();
    return () => {
      off();
      t.cancel();
    };
  }, []);
  return value;
}

/**
 * Like useStore(selector), but re-renders at most every `ms` milliseconds (the latest value always lands): for
 * read-outs such as legends that need not follow every frame and would only cost the frames their time. With
 * `transition` the update is a React transition (a background render after the frame, e.g. the filter designer
 * following a drawing).
 */
export function useThrottledValue<T>(selector: (s: AppState) => T, ms: number, transition = false): T {
  const sel = useRef(selector);
  const [value, setValue] = useState(() => selector(useStore.getState()));
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    let last = 0;
    const update = () => {
      timer = null;
      last = performance.now();
      const next = sel.current(useStore.getState());
      if (transition) startTransition(() => setValue(() => next));
      else setValue(() => next);
    };
    const off = useStore.subscribe((s, prev) => {
      if (timer !== null || sel.current(s) === sel.current(prev)) return;
      timer = setTimeout(update, Math.max(0, last + ms - performance.now()));
    });
    update();
    return () => {
      off();
      if (timer !== null) clearTimeout(timer);
    };
  }, [ms, transition]);
  return value;
}

/** Calls `paint` once per animation frame at most, whenever `changed(s, prev)` says the store changed. */
export function useFramePaint(paint: () => void, changed: (s: AppState, prev: AppState) => boolean, deps: readonly unknown[]): void {
  useEffect(() => {
    const t = frameThrottle(paint);
    t.request();
    const off = useStore.subscribe((s, prev) => {
      if (changed(s, prev)) t.request();
    });
    return () => {
      off();
      t.cancel();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
}

/** A callback ref and the element's content width, kept up to date by a ResizeObserver. */
export function useWidth(fallback = 480): [(el: HTMLElement | null) => void, number] {
  const [w, setW] = useState(fallback);
  const ro = useRef<ResizeObserver | null>(null);
  const ref = useCallback((el: HTMLElement | null) => {
    ro.current?.disconnect();
    ro.current = null;
    if (!el) return;
    if (el.clientWidth) setW(el.clientWidth);
    if (typeof ResizeObserver === 'undefined') return;
    ro.current = new ResizeObserver(() => {
      if (el.clientWidth) setW(el.clientWidth);
    });
    ro.current.observe(el);
  }, []);
  return [ref, w];
}

/**
 * Whether the element is on screen: in the viewport and not scrolled out of a clipping ancestor (the panel).
 * IntersectionObserver reports changes after the frame; without it (jsdom) everything counts as on screen.
 */
export function useOnScreen(ref: RefObject<HTMLElement | null>): boolean {
  const [visible, setVisible] = useState(true);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof IntersectionObserver === 'undefined') return;
    const io = new IntersectionObserver((entries) => setVisible(entries[entries.length - 1].isIntersecting));
    io.observe(el);
    return () => io.disconnect();
  }, [ref]);
  return visible;
}
