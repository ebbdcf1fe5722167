// The studio's one screen: a header and four panels (draw & predict, feature maps, filter designer, training), each
// given the id of the model it shows (the current one); a light placeholder until the session has said what it holds.
import { useController } from './app/context';
import { useBrowserShortcuts } from './app/shortcuts';
import { Header } from './components/Header';
import { Messages } from './components/common/Messages';
import { Panel } from './components/common/Panel';
import { DrawPanel } from './components/draw/DrawPanel';
import { FilterDesigner } from './components/filters/FilterDesigner';
import { FeatureMaps } from './components/maps/FeatureMaps';
import { TrainingPanel } from './components/train/TrainingPanel';
import { useStore } from './store';

const Starting = () => <p className="hint">Starting the session…</p>;

export function App() {
  useBrowserShortcuts(useController());
  const current = useStore((s) => s.current);
  return (
    <div className="app">
      <Header model={current} />
      <Messages />
      <main className="grid">
        <Panel id="draw" title="Draw & predict" area="draw">
          {current ? <DrawPanel model={current} /> : <Starting />}
        </Panel>
        <Panel id="maps" title="Feature maps" area="maps">
          {current ? <FeatureMaps model={current} /> : <Starting />}
        </Panel>
        <Panel id="filters" title="Filter designer" area="filters">
          {current ? <FilterDesigner model={current} /> : <Starting />}
        </Panel>
        <Panel id="train" title="Training" area="train">
          {current ? <TrainingPanel model={current} /> : <Starting />}
        </Panel>
      </main>
    </div>
  );
}
