// The prediction's live region: what it says, and that it waits for the prediction to settle before saying it.
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { predictionAnnouncement, SETTLE_MS, useSettledValue } from '../../renderer/components/draw/PredictionAnnouncer';
import { probsView, TOO_SMALL_NOTE } from '../../renderer/components/draw/ProbBars';
import { resetStore, useStore, type AppState } from '../../renderer/store';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let root: Root | null = null;
let container: HTMLElement | null = null;

afterEach(async () => {
  await act(async () => root?.unmount());
  container?.remove();
  resetStore();
  vi.useRealTimers();
});

describe('prediction announcement', () => {
  test('says the digit and its probability; nothing without ink; the note for a drawing too small', () => {
    const probs = new Float32Array([0.01, 0.02, 0.9, 0.07]);
    expect(predictionAnnouncement(probsView(probs, true))).toBe('Prediction: 2, 90.0%');
    expect(predictionAnnouncement(probsView(probs, false))).toBe('');
    expect(predictionAnnouncement(probsView(probs, true, 4, true))).toBe(TOO_SMALL_NOTE);
  });

  test('useSettledValue takes a value only once it has not changed for the settle time', async () => {
    vi.useFakeTimers();
    const select = (s: AppState) => s.mapScale;
    function Probe() {
      return <span>{useSettledValue(select, SETTLE_MS)}</span>;
    }
    container = document.createElement('div');
    document.body.appendChild(container);
    await act(async () => {
      root = createRoot(container!);
      root.render(<Probe />);
    });
    const first = container.textContent;
    const other = first === 'shared' ? 'per-map' : 'shared';
    await act(async () => useStore.getState().setMapScale(other));
    await act(async () => void vi.advanceTimersByTime(SETTLE_MS - 100));
    expect(container.textContent).toBe(first);
    // a change within the settle time restarts the wait
    await act(async () => useStore.getState().setMapScale(first as 'shared'));
    await act(async () => useStore.getState().setMapScale(other));
    await act(async () => void vi.advanceTimersByTime(SETTLE_MS - 100));
    expect(container.textContent).toBe(first);
    await act(async () => void vi.advanceTimersByTime(100));
    expect(container.textContent).toBe(other);
  });
});
