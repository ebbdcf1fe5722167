// Small DOM writes for views updated many times a second without React: change only what differs, and change a
// text in place (its Text node's data) so the browser re-lays out the text instead of replacing the node.

/** Sets the text of `el`; a no-op when unchanged. */
export function setText(el: Element | null | undefined, text: string): void {
  if (!el) return;
  const node = el.firstChild;
  if (node && node === el.lastChild && node.nodeType === Node.TEXT_NODE) {
    if ((node as Text).data !== text) (node as Text).data = text;
  } else if (el.textContent !== text) el.textContent = text;
}

/** Sets attribute `name` of `el`; a no-op when unchanged. */
export function setAttr(el: Element | null | undefined, name: string, value: string): void {
  if (el && el.getAttribute(name) !== value) el.setAttribute(name, value);
}

/**
 * Runs the latest `write` at most every `ms` milliseconds (the last one always lands): for texts and attributes
 * that people read, which need not follow every frame and would only cost the frames their layout and paint.
 */
export function throttledWriter(ms: number): { write: (fn: () => void) => void; cancel: () => void } {
  let pending: (() => void) | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let last = -Infinity;
  const flush = () => {
    timer = null;
    last = performance.now();
    const fn = pending;
    pending = null;
    fn?.();
  };
  return {
    write: (fn) => {
      pending = fn;
      if (timer !== null) return;
      const wait = last + ms - performance.now();
      if (wait <= 0) flush();
      else timer = setTimeout(flush, wait);
    },
    cancel: () => {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      pending = null;
    },
  };
}
