// The Explore workspace: draw & predict, feature maps, filter designer and training, each given the model it shows.
import type { ModelId } from '../../../core/protocol';
import { Panel, Starting } from '../common/Panel';
import { DrawPanel } from '../draw/DrawPanel';
import { FilterDesigner } from '../filters/FilterDesigner';
import { FeatureMaps } from '../maps/FeatureMaps';
import { TrainingPanel } from '../train/TrainingPanel';

export function Explore({ model }: { model: ModelId | null }) {
  return (
    <main className="grid" data-testid="workspace.explore">
      <Panel id="draw" title="Draw & predict" area="draw">
        {model ? <DrawPanel model={model} /> : <Starting />}
      </Panel>
      <Panel id="maps" title="Feature maps" area="maps">
        {model ? <FeatureMaps model={model} /> : <Starting />}
      </Panel>
      <Panel id="filters" title="Filter designer" area="filters">
        {model ? <FilterDesigner model={model} /> : <Starting />}
      </Panel>
      <Panel id="train" title="Training" area="train">
        {model ? <TrainingPanel model={model} /> : <Starting />}
      </Panel>
    </main>
  );
}
