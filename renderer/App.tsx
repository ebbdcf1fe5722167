// The studio's one screen: a header and four panels (draw & predict, feature maps, filter designer, training).
import { useController } from './app/context';
import { useBrowserShortcuts } from './app/shortcuts';
import { Header } from './components/Header';
import { Messages } from './components/common/Messages';
import { Panel } from './components/common/Panel';
import { DrawPanel } from './components/draw/DrawPanel';
import { FilterDesigner } from './components/filters/FilterDesigner';
import { FeatureMaps } from './components/maps/FeatureMaps';
import { TrainingPanel } from './components/train/TrainingPanel';

export function App() {
  useBrowserShortcuts(useController());
  return (
    <div className="app">
      <Header />
      <Messages />
      <main className="grid">
        <Panel id="draw" title="Draw & predict" area="draw">
          <DrawPanel />
        </Panel>
        <Panel id="maps" title="Feature maps" area="maps">
          <FeatureMaps />
        </Panel>
        <Panel id="filters" title="Filter designer" area="filters">
          <FilterDesigner />
        </Panel>
        <Panel id="train" title="Training" area="train">
          <TrainingPanel />
        </Panel>
      </main>
    </div>
  );
}
