// The Lab workspace: build a stack in the architecture editor, race 2–4 models on the same data, and test the
// compared models on shifted digits.
import type { ModelId } from '../../../core/protocol';
import { Panel, Starting } from '../common/Panel';
import { ArchitectureEditor } from '../lab/ArchitectureEditor';
import { ComparePanel } from '../lab/ComparePanel';
import { ShiftPanel } from '../lab/ShiftPanel';

export function Lab({ model }: { model: ModelId | null }) {
  return (
    <main className="grid lab" data-testid="workspace.lab">
      <Panel id="lab.editor" title="Architecture editor" area="editor">
        {model ? <ArchitectureEditor model={model} /> : <Starting />}
      </Panel>
      <Panel id="lab.compare" title="Compare runs" area="compare">
        <ComparePanel />
      </Panel>
      <Panel id="lab.shift" title="Shift test" area="shift">
        <ShiftPanel />
      </Panel>
    </main>
  );
}
