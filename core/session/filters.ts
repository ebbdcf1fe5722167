// model:set-filter: a hand-designed filter written into one output channel of a conv layer, frozen or trainable.
import { CoreError } from '../assert.js';
import { LIMITS } from '../limits.js';
import { Model } from '../model.js';
import type { Command } from '../protocol.js';
import type { ModelSpec } from '../spec.js';

type SetFilter = Extract<Command, { type: 'model:set-filter' }>;

/**
 * A new model with `model`'s weights and the filter (weights [C,K,K] flattened, bias) in `cmd.channel` of conv layer
 * `cmd.layer`; the channel joins or leaves the layer's frozenChannels. Checks everything first: a bad command changes
 * nothing.
 */
export function setFilter(model: Model, cmd: Pick<SetFilter, 'layer' | 'channel' | 'weights' | 'bias' | 'frozen'>): Model {
  const spec = JSON.parse(JSON.stringify(model.spec)) as ModelSpec;
  const layer = spec.layers[cmd.layer];
  if (!layer || layer.type !== 'conv2d') throw new CoreError(`model:set-filter: layer ${cmd.layer} is not a conv2d layer`);
  const info = model.infos[cmd.layer];
  const inC = cmd.layer === 0 ? spec.input[0] : model.infos[cmd.layer - 1].outShape[0];
  if (!Number.isInteger(cmd.channel) || cmd.channel < 0 || cmd.channel >= layer.filters) {
    throw new CoreError(`model:set-filter: channel ${cmd.channel} is outside 0..${layer.filters - 1} of layer ${cmd.layer}`);
  }
  const per = inC * layer.kernel * layer.kernel;
  if (cmd.weights.length !== per) throw new CoreError(`model:set-filter: layer ${cmd.layer} needs ${per} weights (${inC}×${layer.kernel}×${layer.kernel}), got ${cmd.weights.length}`);
  // typed values, not only finite ones: 1e39 is finite here and Infinity in float32
  const big = cmd.weights.findIndex((w) => !(Math.abs(w) <= LIMITS.weight));
  if (big >= 0) throw new CoreError(`model:set-filter: weight ${big} is ${cmd.weights[big]}, over the limit of ±${LIMITS.weight}`);
  if (!(Math.abs(cmd.bias) <= LIMITS.weight)) throw new CoreError(`model:set-filter: bias ${cmd.bias} is over the limit of ±${LIMITS.weight}`);
  const frozen = new Set(layer.frozenChannels ?? []);
  if (cmd.frozen) frozen.add(cmd.channel);
  else frozen.delete(cmd.channel);
  layer.frozenChannels = [...frozen].sort((a, b) => a - b);
  if (layer.frozenChannels.length === 0) delete layer.frozenChannels;
  const next = new Model(spec);
  next.setWeights(model.getWeights());
  next.setParam(`${info.index}.weight`, cmd.weights, cmd.channel * per);
  next.setParam(`${info.index}.bias`, [cmd.bias], cmd.channel);
  const bound = next.outputBound();
  if (!(bound <= LIMITS.outputBound)) throw new CoreError(`model:set-filter: with this filter some image could make a layer output ${bound.toPrecision(3)} (over ${LIMITS.outputBound}); use smaller weights`);
  return next;
}
