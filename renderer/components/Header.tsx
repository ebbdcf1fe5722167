// The app header: title, the workspace tabs and the lesson's switch, the current model (name, epochs, test accuracy, parameters), model file
// actions.
import { useController } from '../app/context';
import { openWorkspace, WORKSPACES, type Workspace } from '../app/workspace';
import type { ModelId } from '../../core/protocol';
import { useStore } from '../store';
import { RAIL_ID } from './lesson/LessonRail';
import { isBusy, modelView, statusOf } from '../store/select';
import { DataChooser } from './DataChooser';

export function Header({ model: id, workspace }: { model: ModelId | null; workspace: Workspace }) {
  const controller = useController();
  const model = useStore((s) => modelView(s, id)?.summary ?? null);
  const ready = useStore((s) => s.ready);
  const busy = useStore((s) => isBusy(statusOf(s, id)));
  const meta = model?.meta;
  const lessonOpen = useStore((s) => s.lesson.open);
  const setLesson = useStore((s) => s.setLesson);
  // opened: the focus goes to the rail's heading (read out; Tab goes on into the rail, Escape comes back here)
  const toggleLesson = () => {
    setLesson({ open: !lessonOpen });
    if (!lessonOpen) setTimeout(() => document.getElementById('lesson-title')?.focus(), 0);
  };
  return (
    <header className="app-header">
      <div className="brand">
        <span className="logo" aria-hidden>
          ▦
        </span>
        <h1>CNN Studio</h1>
        <span className="tagline">convolution for images</span>
      </div>
      <nav className="workspace-tabs" aria-label="Workspaces">
        {WORKSPACES.map((w) => (
          <a key={w.id} href={`#/${w.id}`} className={w.id === workspace ? 'workspace-tab active' : 'workspace-tab'} aria-current={w.id === workspace ? 'page' : undefined} title={`${w.title} (Alt+${w.key})`} data-testid={`nav.${w.id}`} onClick={(e) => (e.preventDefault(), openWorkspace(w.id))}>
            {w.label}
          </a>
        ))}
      </nav>
      <button type="button" className={lessonOpen ? 'workspace-tab lesson-toggle active' : 'workspace-tab lesson-toggle'} aria-expanded={lessonOpen} aria-controls={lessonOpen ? RAIL_ID : undefined} data-testid="nav.lesson" title="The guided lesson: each step shows its point in the studio, then a checkpoint" onClick={toggleLesson}>
        Lesson
      </button>
      <div className="model-info" data-testid="header.model">
        {model ? (
          <>
            <span className="model-name" data-testid="header.model-name">
              {meta!.name}
            </span>
            <span>{model.paramCount.toLocaleString('en-US')} params</span>
            <span>{meta!.epochs ? `${meta!.epochs} epoch${meta!.epochs > 1 ? 's' : ''}` : meta!.notes?.startsWith('imported from ') ? 'imported' : 'untrained'}</span>
            {meta!.testAccuracy !== null && <span data-testid="header.model-acc">test {(meta!.testAccuracy * 100).toFixed(2)}%</span>}
          </>
        ) : (
          <span className="muted">starting session…</span>
        )}
        {!ready && model && <span className="muted">loading MNIST…</span>}
      </div>
      <DataChooser disabled={busy} />
      <nav className="header-actions">
        <button onClick={() => void controller.openModel()} disabled={busy} data-testid="header.open" title="Load a .cnnmodel.json file or import an .onnx model (or drop one on the window)">
          Open model…
        </button>
        <button onClick={() => void controller.saveModel()} disabled={!model} data-testid="header.save">
          Save model…
        </button>
        <button onClick={() => void controller.exportOnnx()} disabled={!model} data-testid="header.export-onnx" title="Save the model as ONNX (opset 13) for ONNX Runtime, Netron, PyTorch…">
          Export ONNX…
        </button>
        <button onClick={() => controller.resetModel()} disabled={busy} data-testid="header.reset" title="Go back to the bundled default model">
          Reset
        </button>
      </nav>
    </header>
  );
}
