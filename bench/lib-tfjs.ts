// Benchmark adapters for TensorFlow.js 4.22 (tfjs-core ops, NHWC): the wasm backend (SIMD) and the cpu backend.
// The same ModelSpec is built from tfjs primitives; training uses tf.train.momentum and softmax cross-entropy.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ModelSpec } from '../core/spec.js';
import { heStd, type Library, type Runner } from './runner.js';

interface Param {
  w: tf.Variable;
  b: tf.Variable;
}

/** The spec as tfjs ops; weights drawn from `seed` (one seed per tensor), so a run starts the same every time. */
function build(spec: ModelSpec, seed: number): { params: Param[]; forward: (x: tf.Tensor4D) => tf.Tensor2D } {
  let [c, h, w] = spec.input;
  const params: Param[] = [];
  const steps: ((t: tf.Tensor) => tf.Tensor)[] = [];
  for (const l of spec.layers) {
    if (l.type === 'conv2d') {
      const k = l.kernel;
      const p = { w: tf.variable(tf.mul(tf.randomNormal([k, k, c, l.filters], 0, 1, 'float32', seed + params.length), heStd(c * k * k))), b: tf.variable(tf.zeros([l.filters])) };
      params.push(p);
      const pad = l.padding === 'same' ? 'same' : 'valid';
      const s = l.stride ?? 1;
      steps.push((t) => tf.add(tf.conv2d(t as tf.Tensor4D, p.w as tf.Tensor4D, s, pad), p.b));
      [c, h, w] = pad === 'same' ? [l.filters, Math.ceil(h / s), Math.ceil(w / s)] : [l.filters, Math.floor((h - k) / s) + 1, Math.floor((w - k) / s) + 1];
    } else if (l.type === 'relu') {
      steps.push((t) => tf.relu(t));
    } else if (l.type === 'maxpool2d') {
      const s = l.stride ?? l.size;
      steps.push((t) => tf.maxPool(t as tf.Tensor4D, l.size, s, 'valid'));
      [h, w] = [Math.floor((h - l.size) / s) + 1, Math.floor((w - l.size) / s) + 1];
    } else if (l.type === 'flatten') {
      // NHWC flattening order differs from core's NCHW; the function learned is equivalent.
      steps.push((t) => tf.reshape(t, [t.shape[0], -1]));
    } else if (l.type === 'dense') {
      const inF = c * h * w;
      const p = { w: tf.variable(tf.mul(tf.randomNormal([inF, l.units], 0, 1, 'float32', seed + params.length), heStd(inF))), b: tf.variable(tf.zeros([l.units])) };
      params.push(p);
      steps.push((t) => tf.add(tf.matMul(tf.reshape(t, [t.shape[0], -1]) as tf.Tensor2D, p.w as tf.Tensor2D), p.b));
      [c, h, w] = [l.units, 1, 1];
    } else {
      throw new Error(`bench/lib-tfjs: layer type ${l.type} is not supported`);
    }
  }
  return { params, forward: (x) => steps.reduce<tf.Tensor>((t, f) => f(t), x) as tf.Tensor2D };
}

let gradients: Promise<unknown> | null = null;

/**
 * tfjs-core's Node bundle has no gradient functions (the @tensorflow/tfjs umbrella package registers them).
 * Its ESM sources do, but use extension-less imports Node refuses; so bundle them once with esbuild (already
 * installed, tsx depends on it) and import the result. They register into the same global registry.
 */
function registerGradients(): Promise<unknown> {
  gradients ??= (async () => {
    const require = createRequire(import.meta.url);
    const esbuild = require('esbuild') as { buildSync(o: object): { outputFiles: { text: string }[] } };
    const entry = join(require.resolve('@tensorflow/tfjs-core/package.json'), '../dist/register_all_gradients.js');
    const out = esbuild.buildSync({ entryPoints: [entry], bundle: true, format: 'esm', platform: 'node', write: false, logLevel: 'error' });
    const file = join(mkdtempSync(join(tmpdir(), 'tfjs-grads-')), 'register_all_gradients.mjs');
    writeFileSync(file, out.outputFiles[0].text);
    return import(pathToFileURL(file).href);
  })();
  return gradients;
}

let bridged: string[] | null = null;

/**
 * tfjs-backend-wasm 4.22 lacks some training kernels (e.g. Conv2DBackpropFilter), so training would throw.
 * Each kernel the cpu backend has and wasm lacks is registered for wasm as a bridge: copy the inputs out of
 * wasm memory, run the cpu kernel, copy the result back. This is how the "tfjs-wasm" training rows run.
 */
function bridgeMissingWasmKernels(): string[] {
  if (bridged) return bridged;
  bridged = [];
  const cpu = tf.findBackend('cpu') as tf.KernelBackend;
  for (const k of tf.getKernelsForBackend('cpu')) {
    if (tf.getKernel(k.kernelName, 'wasm')) continue;
    bridged.push(k.kernelName);
    tf.registerKernel({
      kernelName: k.kernelName,
      backendName: 'wasm',
      kernelFunc: ({ inputs, backend, attrs }) => {
        const wasmBe = backend as tf.KernelBackend;
        const cpuInputs: Record<string, tf.TensorInfo> = {};
        for (const [name, t] of Object.entries(inputs)) {
          if (t) cpuInputs[name] = { dataId: cpu.write(wasmBe.readSync(t.dataId), t.shape, t.dtype), shape: t.shape, dtype: t.dtype };
        }
        const out = k.kernelFunc({ inputs: cpuInputs, backend: cpu, attrs });
        const outs = Array.isArray(out) ? out : [out];
        const result = outs.map((o) => {
          const r = { dataId: wasmBe.write(cpu.readSync(o.dataId), o.shape, o.dtype), shape: o.shape, dtype: o.dtype };
          cpu.disposeData(o.dataId);
          return r;
        });
        for (const t of Object.values(cpuInputs)) cpu.disposeData(t.dataId);
        return Array.isArray(out) ? result : result[0];
      },
    });
  }
  return bridged;
}

let gradOverride = false;

/**
 * Conv2D's filter gradient as a forward convolution the wasm backend (XNNPACK) runs natively, for stride 1:
 * dW[kh,kw,c,f] = Σ x[n, oy+kh, ox+kw, c]·dy[n, oy, ox, f] = conv(xᵀ [C,H,W,N], dyᵀ [OH,OW,N,F]) → [C,K,K,F].
 * Used on the wasm and cpu backends (wasm has no Conv2DBackpropFilter; cpu's is a TensorBuffer loop that takes
 * ~3 s per batch of model S), so both train at their convolution speed; other strides use tfjs's own kernel.
 */
function fastConvFilterGrad(): void {
  if (gradOverride) return;
  gradOverride = true;
  const base = tf.getGradient('Conv2D');
  if (!base) throw new Error('bench/lib-tfjs: tfjs has no Conv2D gradient registered');
  tf.registerGradient({
    kernelName: 'Conv2D',
    inputsToSave: ['x', 'filter'],
    gradFunc: (dy, saved, attrs) => {
      const grads = base.gradFunc(dy, saved, attrs);
      const { strides, pad, dilations } = attrs as unknown as { strides: number | [number, number]; pad: 'same' | 'valid'; dilations: number | [number, number] };
      const unit = (v: number | [number, number]) => (Array.isArray(v) ? v[0] === 1 && v[1] === 1 : v === 1);
      if (!['wasm', 'cpu'].includes(tf.getBackend()) || !unit(strides) || !unit(dilations ?? 1) || typeof pad !== 'string') return grads;
      const [x, w] = saved as [tf.Tensor4D, tf.Tensor4D];
      const g = dy as tf.Tensor4D;
      const [k] = w.shape;
      return {
        x: grads.x,
        filter: () => {
          const [, h, wd] = x.shape;
          const padH = Math.max(g.shape[1] + k - 1 - h, 0);
          const padW = Math.max(g.shape[2] + k - 1 - wd, 0);
          const xt = tf.transpose(x, [3, 1, 2, 0]);
          const xp = pad === 'same' ? tf.pad(xt, [[0, 0], [Math.floor(padH / 2), padH - Math.floor(padH / 2)], [Math.floor(padW / 2), padW - Math.floor(padW / 2)], [0, 0]]) : xt;
          const dw = tf.conv2d(xp as tf.Tensor4D, tf.transpose(g, [1, 2, 0, 3]), 1, 'valid');
          return tf.transpose(dw, [1, 2, 0, 3]);
        },
      };
    },
  });
}

export function tfjsLibrary(name: string, backend: 'wasm' | 'cpu', prepare: () => void): Library {
  let ready: Promise<boolean> | null = null;
  return {
    name,
    core: false,
    async unavailable() {
      prepare();
      ready ??= tf.setBackend(backend);
      return (await ready) ? null : `tf.setBackend('${backend}') failed`;
    },
    async create(spec, o): Promise<Runner> {
      await registerGradients();
      if (backend === 'wasm') bridgeMissingWasmKernels();
      fastConvFilterGrad();
      await tf.setBackend(backend);
      const [c, hh, ww] = spec.input;
      const { params, forward } = build(spec, o.seed);
      const vars = params.flatMap((p) => [p.w, p.b]);
      const opt = tf.train.momentum(o.lr, o.momentum);
      return {
        trainStep(x, labels, n) {
          if (tf.getBackend() !== backend) tf.setBackend(backend);
          tf.tidy(() => {
            const xt = tf.tensor4d(x.subarray(0, n * c * hh * ww), [n, hh, ww, c]);
            const y = tf.oneHot(tf.tensor1d(labels.subarray(0, n), 'int32'), 10);
            const cost = opt.minimize(() => tf.losses.softmaxCrossEntropy(y, forward(xt)) as tf.Scalar, true, vars);
            cost?.dataSync();
          });
        },
        infer(x, n, pred) {
          if (tf.getBackend() !== backend) tf.setBackend(backend);
          const am = tf.tidy(() => tf.argMax(forward(tf.tensor4d(x.subarray(0, n * c * hh * ww), [n, hh, ww, c])), 1));
          pred.set(am.dataSync());
          am.dispose();
        },
        dispose() {
          for (const v of vars) v.dispose();
          opt.dispose();
        },
      };
    },
  };
}

export function tfjsLibraries(): Library[] {
  return [
    tfjsLibrary('tfjs-wasm (SIMD, 1 thread)', 'wasm', () => tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false)),
    tfjsLibrary('tfjs-cpu', 'cpu', () => undefined),
  ];
}
