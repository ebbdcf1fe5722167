// Bundles the Electron main process, preload and training worker into dist-electron/{main,preload,worker}.cjs
// with Vite (library mode, CommonJS, Node target). Each is one self-contained file: core/ is inlined, only
// 'electron' and Node's built-ins stay external (a sandboxed preload cannot require anything else).
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const external = ['electron', ...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

const ENTRIES = {
  main: 'electron/main/main.ts',
  preload: 'electron/preload/preload.ts',
  worker: 'electron/worker/worker.ts',
  replica: 'electron/worker/replica.ts',
};

/** Builds one entry; `emptyOutDir` only for the first so the others are kept. */
async function bundle(name, entry, first) {
  await build({
    root,
    configFile: false,
    logLevel: 'warn',
    publicDir: false,
    define: { __APP_VERSION__: JSON.stringify(pkg.version) },
    build: {
      outDir: 'dist-electron',
      emptyOutDir: first,
      target: 'node20',
      minify: false,
      sourcemap: false,
      copyPublicDir: false,
      reportCompressedSize: false,
      lib: { entry, formats: ['cjs'], fileName: () => `${name}.cjs` },
      rolldownOptions: { external, output: { codeSplitting: false } },
    },
  });
}

const started = Date.now();
let first = true;
for (const [name, entry] of Object.entries(ENTRIES)) {
  await bundle(name, entry, first);
  first = false;
}
console.log(`electron: bundled ${Object.keys(ENTRIES).join(', ')} into dist-electron/ in ${((Date.now() - started) / 1000).toFixed(1)} s`);
