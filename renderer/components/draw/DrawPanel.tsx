// Draw & predict: the pad, its tools (clear, undo, load a test digit; an image dropped or pasted), the model's input
// and its class probabilities; under them the explanation overlays' switch ("why this prediction?").
import type { ModelId } from '../../../core/protocol';
import { useController } from '../../app/context';
import { useStore } from '../../store';
import { DrawPad } from './DrawPad';
import { ExplainClass, ExplainControls } from './ExplainControls';
import { InputPreview } from './InputPreview';
import { PredictionAnnouncer } from './PredictionAnnouncer';
import { ProbBars } from './ProbBars';

/** How an image's ink was read (lib/image-input.ts imageInk). */
const BACKGROUND = {
  light: 'light background: inverted, ink white on black as MNIST',
  dark: 'dark background: taken as it is',
  transparent: 'transparent background: the opaque pixels are the ink',
} as const;

export function DrawPanel({ model }: { model: ModelId }) {
  const controller = useController();
  const canUndo = useStore((s) => s.strokes.length > 0);
  const source = useStore((s) => s.source);
  const ready = useStore((s) => s.ready);
  const dataName = useStore((s) => s.data?.name ?? 'MNIST');
  const classNames = useStore((s) => s.data?.classNames);
  const labelName = source.kind === 'test' ? (classNames?.[source.label] ?? String(source.label)) : '';
  const clear = useStore((s) => s.clearDrawing);
  const undo = useStore((s) => s.undoStroke);
  return (
    <div className="draw">
      <div className="draw-left">
        <DrawPad model={model} overlay />
        <div className="toolbar">
          <button onClick={clear} data-testid="draw.clear" title="Clear (Delete)">
            Clear
          </button>
          <button onClick={undo} disabled={!canUndo} data-testid="draw.undo" title="Undo the last stroke (Ctrl+Z)">
            Undo
          </button>
          <button onClick={() => void controller.loadTestImage()} disabled={!ready} data-testid="draw.test-image" title={`Show a real ${dataName} test image`}>
            Test digit
          </button>
        </div>
        <ExplainControls model={model} />
      </div>
      <div className="draw-right">
        <InputPreview model={model} overlay />
        {source.kind === 'test' && (
          <div className="test-label" data-testid="draw.test-label">
            {dataName} test #{source.index} — label <strong>{labelName}</strong>
          </div>
        )}
        {source.kind === 'image' && (
          <div className="test-label" data-testid="draw.image-label" data-background={source.background}>
            <strong>{source.name}</strong> ({source.width}×{source.height}) — {BACKGROUND[source.background]}
          </div>
        )}
        <ProbBars model={model} pickClass />
        <ExplainClass />
        <PredictionAnnouncer model={model} />
      </div>
    </div>
  );
}
