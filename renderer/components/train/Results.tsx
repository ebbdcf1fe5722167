// After each epoch: confusion matrix with drill-down, per-class accuracy and the misclassified gallery.
import { useEffect } from 'react';
import type { ModelId } from '../../../core/protocol';
import type { EpochEvent } from '../../../core/train/trainer';
import { useController } from '../../app/context';
import { useStore } from '../../store';
import { runOf } from '../../store/select';
import { classesIn, ConfusionMatrix, namesFor } from './ConfusionMatrix';
import { DigitThumb } from './DigitThumb';
import { PerClass } from './PerClass';

const NO_EPOCHS: EpochEvent[] = [];

export function Results({ model }: { model: ModelId }) {
  const controller = useController();
  const epochs = useStore((s) => runOf(s, model)?.epochs ?? NO_EPOCHS);
  const runData = useStore((s) => runOf(s, model)?.data ?? null);
  const otherData = useStore((s) => runData !== null && runData.version !== s.dataVersion);
  const cell = useStore((s) => s.selectedCell);
  const loaded = useStore((s) => s.testSetLoaded);
  const input = useStore((s) => s.data?.input ?? null);
  const currentNames = useStore((s) => s.data?.classNames);
  const classNames = runData?.classNames ?? currentNames;
  const last = epochs[epochs.length - 1];
  useEffect(() => {
    if (last && !loaded && !otherData) void controller.testSet.load().catch((err: Error) => useStore.getState().showError(`test images: ${err.message}`));
  }, [last, loaded, otherData, controller]);
  if (!last) return <p className="muted" data-testid="train.results.empty">The confusion matrix, per-class accuracy and mistakes appear after the first epoch.</p>;
  const ts = controller.testSet;
  const gallery = cell ? ts.matching(last.predictions, cell[0], cell[1]) : ts.misclassified(last.predictions);
  // how many there are in all (the gallery shows the first few): from the confusion matrix
  const k = classesIn(last);
  const names = namesFor(k, classNames);
  const all = cell ? last.confusion[cell[0] * k + cell[1]] : last.confusion.reduce((a, n, i) => (i % (k + 1) === 0 ? a : a + n), 0);
  const show = (i: number) => void controller.loadTestImage(i);
  return (
    <div className="results" data-testid="train.results">
      <div className="results-top">
        <div>
          <h3>
            Confusion matrix <span className="muted small">epoch {last.epoch + 1} · test accuracy {(last.testAccuracy * 100).toFixed(2)}%</span>
          </h3>
          <ConfusionMatrix epoch={last} classNames={names} />
        </div>
        <div>
          <h3>Per-class accuracy (%)</h3>
          <PerClass acc={last.perClassAccuracy} classNames={names} />
        </div>
      </div>
      <h3>
        {cell ? `Test images: true ${names[cell[0]]}, predicted ${names[cell[1]]}` : 'Misclassified test images'}{' '}
        <span className="muted small" data-testid="train.gallery.count">
          {loaded && all > gallery.length ? `${all.toLocaleString('en-US')} in all, first ${gallery.length} shown` : `${all.toLocaleString('en-US')} in all`}
        </span>
        {cell && (
          <button className="small link" onClick={() => useStore.getState().selectCell(null)} data-testid="train.gallery.all">
            show all mistakes
          </button>
        )}
      </h3>
      {otherData ? (
        <p className="muted" data-testid="train.gallery.other-data">
          This run trained on {runData!.name}; open that data set again to see its test images.
        </p>
      ) : !loaded ? (
        <p className="muted">Loading test images…</p>
      ) : (
        <div className="gallery" data-testid="train.gallery" data-count={gallery.length}>
          {gallery.length === 0 && <p className="muted">None.</p>}
          {gallery.map((i) => (
            <DigitThumb key={i} pixels={ts.pixels(i)!} h={input?.[1] ?? 0} w={input?.[2] ?? 0} caption={`${names[ts.current!.labels[i]]}→${names[last.predictions[i]]}`} title={`test #${i}: true ${names[ts.current!.labels[i]]}, predicted ${names[last.predictions[i]]} — click to inspect`} onClick={() => show(i)} testId="train.gallery.item" />
          ))}
        </div>
      )}
    </div>
  );
}
