// The training dashboard: hyper-parameters, run controls and the Models list on top, then tabs for the live curves, the
// per-epoch results and the architecture chooser.
import { useState } from 'react';
import type { ModelId } from '../../../core/protocol';
import { useStore } from '../../store';
import { isBusy, runOf, statusOf } from '../../store/select';
import { Curves } from './Curves';
import { HyperForm } from './HyperForm';
import { ModelList } from './ModelList';
import { PresetChooser } from './PresetChooser';
import { Results } from './Results';
import { RunControls } from './RunControls';

type Tab = 'curves' | 'results' | 'architecture';

export function TrainingPanel({ model }: { model: ModelId }) {
  const busy = useStore((s) => isBusy(statusOf(s, model)));
  const epochs = useStore((s) => runOf(s, model)?.epochs.length ?? 0);
  const [tab, setTab] = useState<Tab>('curves');
  const tabs: { id: Tab; label: string }[] = [
    { id: 'curves', label: 'Curves' },
    { id: 'results', label: epochs ? `Results · epoch ${epochs}` : 'Results' },
    { id: 'architecture', label: 'Architecture' },
  ];
  return (
    <div className="training">
      <HyperForm model={model} disabled={busy} />
      <RunControls model={model} />
      <ModelList />
      <div className="tabs" role="tablist">
        {tabs.map((t) => (
          <button key={t.id} role="tab" aria-selected={tab === t.id} className={tab === t.id ? 'tab active' : 'tab'} onClick={() => setTab(t.id)} data-testid={`train.tab.${t.id}`}>
            {t.label}
          </button>
        ))}
      </div>
      <div className="tab-body">
        {/* the chart stays mounted (hidden) so the menu's Export PNG works from any tab */}
        <div hidden={tab !== 'curves'}>
          <Curves model={model} />
        </div>
        {tab === 'results' && <Results model={model} />}
        {tab === 'architecture' && <PresetChooser model={model} disabled={busy} />}
      </div>
    </div>
  );
}
