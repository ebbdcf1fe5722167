// Finds the Chromium that the e2e suite and `npm run bench:ui` drive, so that `npm install && npm test` needs no
// browser installed by hand: CHROMIUM_PATH if set, else a system Chromium that starts, else the Chromium shipped
// inside the npm package @sparticuz/chromium (unpacked once into node_modules/.cache). Browsers are never downloaded.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join, resolve } from 'node:path';

/** The flags every launch gets, system or packaged build (no GPU here, no network traffic of the browser's own). */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export interface FoundChromium {
  executablePath: string;
  /** Where it came from, in words, e.g. "system Chromium at /usr/bin/chromium". */
  source: string;
}

/** Names a system Chromium goes by on PATH, most likely first. */
const SYSTEM_NAMES = ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome'];
const ROOT = resolve(import.meta.dirname, '..', '..');

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The first of SYSTEM_NAMES found on PATH, as a path. */
function onPath(env: NodeJS.ProcessEnv): string | null {
  for (const name of SYSTEM_NAMES)
    for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
      const file = join(dir, name);
      if (isExecutable(file)) return file;
    }
  return null;
}

/** Null if `file --version` runs and says who it is, else why not (Debian's /usr/bin/chromium is a script that
 *  fails when /usr/lib/chromium is gone). */
function whyNotRunnable(file: string): string | null {
  const r = spawnSync(file, ['--version'], { encoding: 'utf8', timeout: 20_000 });
  if (r.error) return r.error.message;
  // the last line says why (Debian's wrapper prints warnings before it fails)
  if (r.status !== 0) return `exit code ${r.status ?? r.signal}: ${(r.stderr || r.stdout).trim().split('\n').pop() ?? ''}`;
  return null;
}

/**
 * Unpacks @sparticuz/chromium's brotli-packed build into node_modules/.cache/chromium-<version>/ (once, ~2 s) and
 * returns its path. The package unpacks into os.tmpdir(), which it reads synchronously at the start of
 * executablePath(), so TMPDIR points at the cache folder for that one call.
 */
async function packagedChromium(): Promise<{ executablePath: string; version: string }> {
  if (process.platform !== 'linux' || process.arch !== 'x64')
    throw new Error(`the packaged Chromium (@sparticuz/chromium) is built for linux-x64, not ${process.platform}-${process.arch}`);
  const require = createRequire(import.meta.url);
  // its exports map hides package.json: go up from the entry point (build/index.js)
  const pkgDir = dirname(dirname(require.resolve('@sparticuz/chromium', { paths: [ROOT] })));
  const version = (JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { version: string }).version;
  const dir = join(ROOT, 'node_modules', '.cache', `chromium-${version}`);
  mkdirSync(dir, { recursive: true });
  const { default: Chromium } = (await import('@sparticuz/chromium')) as typeof import('@sparticuz/chromium');
  const saved = process.env.TMPDIR;
  process.env.TMPDIR = dir;
  let pending: Promise<string>;
  try {
    pending = Chromium.executablePath(join(pkgDir, 'bin'));
  } finally {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
  }
  const executablePath = await pending;
  if (!existsSync(executablePath)) throw new Error(`@sparticuz/chromium unpacked nothing at ${executablePath}`);
  return { executablePath, version };
}

/**
 * The Chromium to launch: $CHROMIUM_PATH (must exist), else the first system Chromium on PATH if it runs, else
 * the packaged one. Throws with every reason when none can be had.
 */
export async function findChromium(env: NodeJS.ProcessEnv = process.env): Promise<FoundChromium> {
  const forced = env.CHROMIUM_PATH;
  if (forced) {
    if (!isExecutable(forced)) throw new Error(`CHROMIUM_PATH=${forced}: no executable file there`);
    return { executablePath: forced, source: `Chromium at ${forced} (from CHROMIUM_PATH)` };
  }
  const reasons: string[] = [];
  const system = onPath(env);
  if (system) {
    const why = whyNotRunnable(system);
    if (why === null) return { executablePath: system, source: `system Chromium at ${system}` };
    reasons.push(`system Chromium at ${system} does not start (${why})`);
  } else reasons.push(`no system Chromium (none of ${SYSTEM_NAMES.join(', ')} on PATH)`);
  try {
    const packaged = await packagedChromium();
    return {
      executablePath: packaged.executablePath,
      source: `packaged Chromium from @sparticuz/chromium ${packaged.version} at ${packaged.executablePath} (${reasons.join('; ')})`,
    };
  } catch (err) {
    reasons.push(`packaged Chromium: ${(err as Error).message}`);
  }
  throw new Error(`no Chromium to run: ${reasons.join('; ')}. Run \`npm install\` (it brings @sparticuz/chromium), install one (apt-get install chromium) or set CHROMIUM_PATH.`);
}
