// The training dashboard: hyper-parameters and run controls on top, then tabs for the live curves, the
// per-epoch results and the architecture chooser.
import { useState } from 'react';
import { useStore } from '../../store';
import { Curves } from './Curves';
import { HyperForm } from './HyperForm';
import { PresetChooser } from './PresetChooser';
import { Results } from './Results';
import { RunControls } from './RunControls';

type Tab = 'curves' | 'results' | 'architecture';

export function TrainingPanel() {
  const status = useStore((s) => s.status);
  const epochs = useStore((s) => s.epochs.length);
  const [tab, setTab] = useState<Tab>('curves');
  const busy = status === 'running' || status === 'paused' || status === 'starting';
  const tabs: { id: Tab; label: string }[] = [
    { id: 'curves', label: 'Curves' },
    { id: 'results', label: epochs ? `Results · epoch ${epochs}` : 'Results' },
    { id: 'architecture', label: 'Architecture' },
  ];
  return (
    <div className="training">
      <HyperForm disabled={busy} />
      <RunControls />
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
          <Curves />
        </div>
        {tab === 'results' && <Results />}
        {tab === 'architecture' && <PresetChooser disabled={busy} />}
      </div>
    </div>
  );
}
