// Benchmark adapter for ConvNetJS 0.3 with its own Trainer (sgd, batch_size 32, momentum 0.9, no weight decay).
import { createRequire } from 'node:module';
import type { ModelSpec } from '../core/spec.js';
import type { Library, Runner } from './runner.js';

interface Vol {
  w: Float64Array;
}
interface ConvNetJs {
  Vol: new (sx: number, sy: number, depth: number, c?: number) => Vol;
  Net: new () => { makeLayers(defs: object[]): void; forward(v: Vol, training?: boolean): Vol };
  Trainer: new (net: object, opts: object) => { train(v: Vol, label: number): unknown };
}

const convnetjs = createRequire(import.meta.url)('convnetjs') as ConvNetJs;

function layerDefs(spec: ModelSpec): object[] {
  const [c, h, w] = spec.input;
  const defs: object[] = [{ type: 'input', out_sx: w, out_sy: h, out_depth: c }];
  spec.layers.forEach((l, i) => {
    const reluNext = spec.layers[i + 1]?.type === 'relu';
    if (l.type === 'conv2d') {
      const pad = l.padding === 'same' ? (l.kernel - 1) / 2 : 0;
      if (!Number.isInteger(pad)) throw new Error('bench/lib-convnet: "same" padding needs an odd kernel');
      defs.push({ type: 'conv', sx: l.kernel, filters: l.filters, stride: l.stride ?? 1, pad, ...(reluNext ? { activation: 'relu' } : {}) });
    } else if (l.type === 'maxpool2d') {
      defs.push({ type: 'pool', sx: l.size, stride: l.stride ?? l.size });
    } else if (l.type === 'dense') {
      const last = i === spec.layers.length - 1;
      defs.push(last ? { type: 'softmax', num_classes: l.units } : { type: 'fc', num_neurons: l.units, ...(reluNext ? { activation: 'relu' } : {}) });
    }
  });
  return defs;
}

export function convnetLibrary(): Library {
  return {
    name: 'ConvNetJS 0.3',
    core: false,
    async unavailable() {
      return null;
    },
    async create(spec, o): Promise<Runner> {
      const net = new convnetjs.Net();
      net.makeLayers(layerDefs(spec));
      const trainer = new convnetjs.Trainer(net, { method: 'sgd', learning_rate: o.lr, momentum: o.momentum, batch_size: o.batch, l2_decay: 0 });
      const [c, h, w] = spec.input;
      const px = c * h * w;
      const vol = new convnetjs.Vol(w, h, c, 0);
      const load = (x: Float32Array, i: number) => {
        for (let j = 0; j < px; j++) vol.w[j] = x[i * px + j];
      };
      return {
        trainStep(x, labels, n) {
          for (let i = 0; i < n; i++) {
            load(x, i);
            trainer.train(vol, labels[i]);
          }
        },
        infer(x, n, pred) {
          for (let i = 0; i < n; i++) {
            load(x, i);
            const out = net.forward(vol, false).w;
            let best = 0;
            for (let j = 1; j < out.length; j++) if (out[j] > out[best]) best = j;
            pred[i] = best;
          }
        },
        dispose() {},
      };
    },
  };
}
