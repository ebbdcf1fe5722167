// Start (fresh weights) / continue (this model's weights) / pause / resume / stop, and the progress line (epoch, batch,
// images/s now (the run's average once it has ended), ETA, current learning rate; a finished run: how long its epochs
// took) updated transiently, a few times a second (the trainer reports every batch).
import { useEffect, useRef } from 'react';
import type { ModelId } from '../../../core/protocol';
import { learningRateAt } from '../../../core/train/config';
import { useController } from '../../app/context';
import { setText, throttledWriter } from '../../lib/dom-text';
import { useStore, type AppState } from '../../store';
import { isBusy, runOf, statusOf } from '../../store/select';
import { isTrained } from '../../app/models';

/** How often the progress line follows the batches. */
const PROGRESS_MS = 150;

function fmtEta(s: number): string {
  if (!Number.isFinite(s)) return '–';
  if (s < 60) return `${Math.ceil(s)} s`;
  return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

/** 0.4 s, 8.6 s, 1 min 12 s. */
function fmtSeconds(s: number): string {
  return s < 60 ? `${s.toFixed(1)} s` : fmtEta(s);
}

function progressText(s: AppState, model: ModelId): { pct: number; text: string } {
  const run = runOf(s, model);
  const status = statusOf(s, model);
  const b = status === 'starting' ? null : (run?.lastBatch ?? null);
  if (!run || !b) return { pct: 0, text: status === 'starting' ? 'Starting…' : 'Not started' };
  const { epochs, lr, threads } = run.config;
  const done = b.epoch * b.batches + b.batch + 1;
  const pct = (100 * done) / (epochs * b.batches);
  // the trainer's own schedule at this batch
  const now = learningRateAt(run.config, lr, b.epoch + b.batch / b.batches);
  const drawing = status === 'running' && s.penDown;
  // giving way: the run waits; otherwise a run on several threads trains on one fewer (LiveInput.holdForDrawing)
  const waiting = drawing && s.giveWay ? ' · waiting while you draw' : drawing && threads > 1 ? ' · one thread fewer while you draw' : '';
  // a finished run has no time left: the line keeps where it ended, its speed and its last rate, without an ETA; a
  // completed one says how long its epochs took (training and test passes, from the trainer's clock)
  const eta = isBusy(status) ? ` · ETA ${fmtEta(b.eta)}` : '';
  const took = status === 'done' && run.epochs.length > 0 ? ` · trained in ${fmtSeconds(run.epochs.reduce((t, e) => t + e.seconds, 0))}` : '';
  // while it runs, the speed now (over the last ~2 s: it follows threads taken for drawing); then the run's average
  const speed = isBusy(status) ? b.imagesPerSecNow : b.imagesPerSec;
  return { pct, text: `Epoch ${b.epoch + 1}/${epochs} · batch ${b.batch + 1}/${b.batches} · ${Math.round(speed)} img/s on ${threads} thread${threads === 1 ? '' : 's'}${eta} · lr ${now.toPrecision(2)}${waiting}${took}` };
}

export function RunControls({ model }: { model: ModelId }) {
  const controller = useController();
  const status = useStore((s) => statusOf(s, model));
  const message = useStore((s) => runOf(s, model)?.statusMessage ?? null);
  const note = useStore((s) => runOf(s, model)?.note ?? null);
  const ready = useStore((s) => s.ready);
  const dataError = useStore((s) => s.dataError);
  const giveWay = useStore((s) => s.giveWay);
  const fill = useRef<HTMLDivElement>(null);
  const label = useRef<HTMLSpanElement>(null);

  useEffect(() => {
    const writer = throttledWriter(PROGRESS_MS);
    const paint = () => {
      const p = progressText(useStore.getState(), model);
      // scaleX: the bar grows without a layout
      const scale = `scaleX(${(Math.min(100, p.pct) / 100).toFixed(3)})`;
      if (fill.current && fill.current.style.transform !== scale) fill.current.style.transform = scale;
      setText(label.current, p.text);
    };
    paint();
    const off = useStore.subscribe((s, prev) => {
      if (runOf(s, model)?.lastBatch !== runOf(prev, model)?.lastBatch || statusOf(s, model) !== statusOf(prev, model) || s.penDown !== prev.penDown || s.giveWay !== prev.giveWay) writer.write(paint);
    });
    return () => {
      off();
      writer.cancel();
    };
  }, [model]);

  const start = () => void controller.training.startFromForm('fresh');
  const trained = useStore((s) => {
    const m = s.models[model];
    return m ? isTrained(s, m) : false;
  });

  const active = isBusy(status);
  return (
    <div className="run">
      <div className="run-buttons">
        <button className="primary" onClick={start} disabled={!ready || active} data-testid="train.start" title="Train freshly initialised weights of this architecture (from the seed); a trained model stays in the Models list">
          {ready ? 'Start training' : dataError ? 'MNIST unavailable' : 'Loading MNIST…'}
        </button>
        {trained && (
          <button onClick={() => void controller.training.startFromForm('continue')} disabled={!ready || active} data-testid="train.continue" title="Train this model's weights further (its epochs add up), instead of starting from fresh weights">
            Continue training this model
          </button>
        )}
        {status === 'paused' ? (
          <button onClick={() => controller.training.resume()} data-testid="train.resume">
            Resume
          </button>
        ) : (
          <button onClick={() => controller.training.pause()} disabled={status !== 'running'} data-testid="train.pause">
            Pause
          </button>
        )}
        <button onClick={() => controller.training.stop()} disabled={!active} data-testid="train.stop">
          Stop
        </button>
        <span className={`status status-${status}`} data-testid="train.status" data-status={status}>
          {status}
        </span>
        <label className="give-way" title="While the pen is down on the drawing pad, training waits between batches, so the prediction and maps keep up with every stroke on a machine with few cores. It goes on when the pen lifts.">
          <input type="checkbox" checked={giveWay} onChange={(e) => useStore.getState().setGiveWay(e.target.checked)} data-testid="train.giveWay" /> wait while I draw
        </label>
      </div>
      <div className="progress" data-testid="train.progress">
        <div className="progress-track">
          <div className="progress-fill" ref={fill} />
        </div>
        <span className="progress-text" ref={label} />
      </div>
      {note && (
        <p className="run-note" data-testid="train.note">
          {note}
        </p>
      )}
      {/* a failed run, or one the trainer paused because it diverged (a pause the user asked for has no message) */}
      {message && (status === 'failed' || status === 'paused') && (
        <p className={status === 'failed' ? 'field-error' : 'run-paused'} role="alert" data-testid="train.message">
          {message}
        </p>
      )}
    </div>
  );
}
