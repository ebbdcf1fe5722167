// The drawing, shifted: a draw pad with its input, ←↑↓→ buttons (and the arrow keys, outside form fields) moving the
// preprocessed input a pixel at a time, and one set of prediction bars per compared model, all following live.
import { useEffect } from 'react';
import type { ModelId } from '../../../core/protocol';
import { useController } from '../../app/context';
import { inFormField, shiftForKey } from '../../lib/input-shift';
import { useStore } from '../../store';
import type { CompareEntry } from '../../store/compare';
import { DrawPad } from '../draw/DrawPad';
import { InputPreview } from '../draw/InputPreview';
import { ProbBars } from '../draw/ProbBars';

/** Arrow keys shift the input while this is mounted, unless focus is in a form field. */
function useShiftKeys(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const d = shiftForKey(e);
      if (!d || inFormField(e.target)) return;
      e.preventDefault();
      useStore.getState().nudgeShift(d[0], d[1]);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

const ARROWS: { id: string; label: string; d: [number, number] }[] = [
  { id: 'up', label: '↑', d: [0, -1] },
  { id: 'left', label: '←', d: [-1, 0] },
  { id: 'down', label: '↓', d: [0, 1] },
  { id: 'right', label: '→', d: [1, 0] },
];

export function ShiftPad({ model, entries }: { model: ModelId; entries: readonly CompareEntry[] }) {
  const controller = useController();
  useShiftKeys();
  const shift = useStore((s) => s.shift);
  const ready = useStore((s) => s.ready);
  const nudge = useStore((s) => s.nudgeShift);
  const reset = useStore((s) => s.resetShift);
  const clear = useStore((s) => s.clearDrawing);
  const sign = (v: number) => (v > 0 ? `+${v}` : String(v));
  return (
    <div className="shift-pad">
      <div className="draw-left">
        <DrawPad model={model} />
        <div className="toolbar">
          <button onClick={clear} data-testid="draw.clear">
            Clear
          </button>
          <button onClick={() => void controller.loadTestImage()} disabled={!ready} data-testid="draw.test-image">
            Test digit
          </button>
        </div>
      </div>
      <div className="shift-controls">
        <InputPreview model={model} size={84} />
        <div className="arrows" role="group" aria-label="Shift the input">
          {ARROWS.map((a) => (
            <button key={a.id} className={`arrow-${a.id}`} onClick={() => nudge(...a.d)} data-testid={`shift.${a.id}`} title={`Shift the input one pixel (${a.label} key)`}>
              {a.label}
            </button>
          ))}
          <button className="arrow-reset small" onClick={reset} data-testid="shift.reset" disabled={shift.dx === 0 && shift.dy === 0}>
            reset
          </button>
        </div>
        <div className="small" data-testid="shift.offset" data-dx={shift.dx} data-dy={shift.dy}>
          shifted dx {sign(shift.dx)}, dy {sign(shift.dy)} px
        </div>
        <p className="hint small">Arrow keys move the digit after preprocessing.</p>
      </div>
      {entries.map((e) => (
        <div key={e.model} className="shift-probs" data-testid={`shift.probs.${e.model}`}>
          <div className="small">
            <i className="swatch" style={{ background: e.color }} />
            {e.label}
          </div>
          <ProbBars model={e.model} />
        </div>
      ))}
    </div>
  );
}
