// Runs `npm run lint:security` (scripts/electronegativity.mjs) and fails on any finding above informational
// that is not a documented exception; a second run on a deliberately insecure app proves the scan has teeth.
import { afterAll, describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './helpers.js';

interface Finding {
  id: string;
  severity: string;
  file: string;
  line?: number;
  accepted?: string;
}
interface Summary {
  checks: number;
  findings: Finding[];
  failing: number;
  parseErrors: { file: string; message: string }[];
}

function scan(...args: string[]): { code: number | null; summary: Summary } {
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts/electronegativity.mjs'), '--json', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  if (!r.stdout.trim().startsWith('{')) throw new Error(`electronegativity printed no JSON (exit ${r.status}): ${r.stdout.slice(0, 300)} ${r.stderr.slice(0, 300)}`);
  return { code: r.status, summary: JSON.parse(r.stdout) as Summary };
}

const fixture = mkdtempSync(join(tmpdir(), 'cnn-studio-eng-fixture-'));
afterAll(() => rmSync(fixture, { recursive: true, force: true }));

describe('electronegativity', () => {
  test('the app has no finding above informational (besides documented exceptions) and every file parses', () => {
    const { code, summary } = scan();
    const failing = summary.findings.filter((f) => f.severity !== 'INFORMATIONAL' && !f.accepted);
    expect(failing).toEqual([]);
    expect(summary.parseErrors).toEqual([]);
    expect(summary.checks).toBeGreaterThan(30);
    expect(code).toBe(0);
  });

  test('an insecure app (isolation and sandbox off, remote page, no CSP or handlers) fails the scan', () => {
    mkdirSync(join(fixture, 'src'), { recursive: true });
    writeFileSync(join(fixture, 'package.json'), JSON.stringify({ name: 'bad', devDependencies: { electron: '45.4.1' } }));
    writeFileSync(
      join(fixture, 'src', 'main.ts'),
      "import { BrowserWindow } from 'electron';\nconst w = new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false } });\nw.loadURL('http://example.com');\n",
    );
    const { code, summary } = scan('--input', fixture);
    const ids = summary.findings.filter((f) => f.severity !== 'INFORMATIONAL').map((f) => f.id);
    // Including the global checks our app passes: navigation limits, a permission handler, a CSP.
    expect(ids).toEqual(
      expect.arrayContaining(['CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK', 'HTTP_RESOURCES_JS_CHECK', 'LIMIT_NAVIGATION_GLOBAL_CHECK', 'PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK', 'CSP_GLOBAL_CHECK']),
    );
    expect(code).toBe(1);
  });

  test("the page CSP exception covers only the reviewed note: a meta CSP without object-src 'none' fails", () => {
    const page = join(fixture, 'weak-page');
    mkdirSync(join(page, 'renderer'), { recursive: true });
    const html = readFileSync(join(ROOT, 'renderer/index.html'), 'utf8');
    expect(html).toContain("object-src 'none'");
    writeFileSync(join(page, 'renderer', 'index.html'), html.replace("object-src 'none'; ", ''));
    writeFileSync(join(page, 'package.json'), JSON.stringify({ name: 'weak-page', devDependencies: { electron: '45.4.1' } }));
    const { code, summary } = scan('--input', page);
    const csp = summary.findings.filter((f) => f.id === 'CSP_GLOBAL_CHECK' && f.file === 'renderer/index.html');
    expect(csp).toHaveLength(1);
    expect(csp[0].accepted).toBeUndefined();
    expect(code).toBe(1);
  });
});
