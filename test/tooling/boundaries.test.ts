// The folder-boundary lint (`npm run lint`, .oxlintrc.json) and the line-count report (`npm run sz`,
// scripts/line-count.mjs): each runs on the real tree and passes, and on fixtures in a temp folder it fails where
// it should. Fixtures get the real config copied beside them, so its `core/**` globs apply and core/ stays clean.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { useTempDirs } from '../core/helpers/temp-dir.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const OXLINT = join(ROOT, 'node_modules/oxlint/bin/oxlint');
const tempDir = useTempDirs();

interface Diagnostic {
  code: string;
  message: string;
  filename: string;
  labels: { span: { line: number } }[];
}

/** A temp tree holding the real lint config and `files` (path relative to the tree → source text). */
function fixtureTree(files: Record<string, string>): string {
  const dir = tempDir(join(tmpdir(), 'cnn-studio-lint-'));
  copyFileSync(join(ROOT, '.oxlintrc.json'), join(dir, '.oxlintrc.json'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

function lint(dir: string): { code: number | null; diagnostics: Diagnostic[] } {
  const r = spawnSync(process.execPath, [OXLINT, '-c', join(dir, '.oxlintrc.json'), '--deny-warnings', '-f', 'json', dir], { encoding: 'utf8', timeout: 60_000 });
  if (!r.stdout.trim().startsWith('{')) throw new Error(`oxlint printed no JSON (exit ${r.status}): ${r.stdout.slice(0, 300)} ${r.stderr.slice(0, 300)}`);
  return { code: r.status, diagnostics: (JSON.parse(r.stdout) as { diagnostics: Diagnostic[] }).diagnostics };
}

/** `rule line: message` per diagnostic, sorted, for whole-list assertions. */
const summary = (ds: Diagnostic[]) => ds.map((d) => `${d.code} ${d.labels[0]?.span.line}: ${d.message}`).sort();

describe('folder-boundary lint', () => {
  test('the real tree passes (npm run lint)', () => {
    const r = spawnSync('npm', ['run', '-s', 'lint'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(r.stdout + r.stderr).toMatch(/0 warnings and 0 errors/);
    expect(r.status).toBe(0);
  });

  test('core/ may not import Node modules or touch the DOM', () => {
    const dir = fixtureTree({ 'core/ops/bad.ts': "import { readFileSync } from 'node:fs';\nexport const t = document.title + readFileSync.name;\n" });
    const { code, diagnostics } = lint(dir);
    expect(summary(diagnostics)).toEqual([
      "eslint(no-restricted-globals) 2: Unexpected use of 'document'. core/ has no DOM; the host passes in what core needs.",
      "eslint(no-restricted-imports) 1: 'node:fs' import is restricted from being used by a pattern.",
    ]);
    expect(code).toBe(1);
  });

  test('core/ may not import electron/, renderer/, bare Node built-ins, Electron or UI libraries', () => {
    const dir = fixtureTree({
      'core/bad.ts': [
        "import type { FileResult } from '../electron/main/files.js';",
        "import { useStore } from '../renderer/store/index.js';",
        "import { join } from 'path';",
        "import { ipcRenderer } from 'electron';",
        "import { create } from 'zustand';",
        "export const os = () => import('node:os');",
        'export const all = [useStore, join, ipcRenderer, create, process.env, globalThis.window, Buffer.alloc(1)];',
        'export type F = FileResult;',
      ].join('\n'),
    });
    const { code, diagnostics } = lint(dir);
    const lines = diagnostics.map((d) => `${d.code.replace(/^eslint\(|\)$/g, '')}:${d.labels[0]?.span.line}`).sort();
    expect(lines).toEqual([
      'no-restricted-globals:7', // process
      'no-restricted-globals:7', // globalThis.window
      'no-restricted-globals:7', // Buffer
      'no-restricted-imports:1',
      'no-restricted-imports:2',
      'no-restricted-imports:3',
      'no-restricted-imports:4',
      'no-restricted-imports:5',
      'no-restricted-imports:6',
    ]);
    expect(code).toBe(1);
  });

  test("core/'s deliberate host globals and relative imports pass", () => {
    const dir = fixtureTree({
      'core/clean.ts': [
        "import { assert } from './assert.js';",
        'export const t0 = performance.now();',
        'export const timer = setTimeout(() => clearTimeout(timer), 0);',
        'export const ctrl = new Int32Array(new SharedArrayBuffer(16));',
        'Atomics.store(ctrl, 0, 1);',
        'export const wasm = (globalThis as { WebAssembly?: object }).WebAssembly ?? null;',
        'assert(true, () => "never");',
      ].join('\n'),
      'core/assert.ts': 'export function assert(c: boolean, msg: () => string): void { if (!c) throw new Error(msg()); }\n',
    });
    const { code, diagnostics } = lint(dir);
    expect(summary(diagnostics)).toEqual([]);
    expect(code).toBe(0);
  });

  test('renderer/ may import core/ but not electron/, Electron or bench/; electron/ may not import renderer/', () => {
    const dir = fixtureTree({
      'renderer/ok.tsx': "import type { SessionEvent } from '../core/protocol';\nexport const a = (e: SessionEvent) => document.title + e.type;\n",
      'renderer/bad.ts': "import { CHANNELS } from '../electron/channels';\nimport { ipcRenderer } from 'electron';\nimport { installProbe } from '../bench/ui-probe';\nexport const b = [CHANNELS, ipcRenderer, installProbe];\n",
      'electron/main/ok.ts': "import { CHANNELS } from '../../core/protocol.js';\nimport { join } from 'node:path';\nexport const c = [CHANNELS, join];\n",
      'electron/main/bad.ts': "import { useStore } from '../../renderer/store/index.js';\nexport const d = useStore;\n",
    });
    const { code, diagnostics } = lint(dir);
    const where = diagnostics.map((d) => `${d.filename.slice(dir.length + 1)}:${d.labels[0]?.span.line}`).sort();
    expect(where).toEqual(['electron/main/bad.ts:1', 'renderer/bad.ts:1', 'renderer/bad.ts:2', 'renderer/bad.ts:3']);
    expect(code).toBe(1);
  });
});

describe('line-count report', () => {
  const sz = (...args: string[]) => spawnSync(process.execPath, [join(ROOT, 'scripts/line-count.mjs'), ...args], { encoding: 'utf8', timeout: 60_000 });

  test('the real tree is within the ceiling and the core budget (npm run sz)', () => {
    const r = sz();
    expect(r.stdout).toMatch(/^core\/\s+\d+/m);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  test('counts code lines without blanks or comments, and fails on a file over 800 lines', () => {
    const tree = fixtureTree({
      'core/small.ts': '// header\n\n/* block\n   comment */\nexport const a = 1; // trailing\n/** doc */ export const b = 2;\n',
      'bench/huge.ts': 'export const x = 1;\n'.repeat(801),
    });
    const r = sz('--root', tree);
    expect(r.stdout).toMatch(/^core\/\s+1\s+6\s+2\s/m);
    expect(r.stderr).toMatch(/bench\/huge\.ts has 801 lines; the ceiling is 800/);
    expect(r.status).toBe(1);
  });

  test("fails when core/ is over its budget, however its lines are split", () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 10; i++) files[`core/part-${i}.ts`] = 'export const x = 1;\n'.repeat(700);
    const r = sz('--root', fixtureTree(files));
    expect(r.stderr).toMatch(/core\/ has 7000 code lines; its budget is \d+/);
    expect(r.stderr).not.toMatch(/ceiling/);
    expect(r.status).toBe(1);
  });
});
