// `npm start`: builds what is missing or stale (web build, Electron bundles), then launches Electron. Where the
// Electron binary is not installed (or there is no display), prints one line saying so and serves the same studio
// as a web page on 127.0.0.1 instead. `npm start -- --web` always serves the web page.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const at = (...p) => join(root, ...p);
const args = process.argv.slice(2);

/** Newest modification time of any file under the given folders (0 if none). */
function newest(dirs) {
  let t = 0;
  const walk = (d) => {
    if (!existsSync(d)) return;
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else t = Math.max(t, statSync(p).mtimeMs);
    }
  };
  dirs.forEach(walk);
  return t;
}

const mtime = (f) => (existsSync(f) ? statSync(f).mtimeMs : 0);

function run(label, cmd, cmdArgs) {
  console.log(`start: ${label}`);
  const r = spawnSync(cmd, cmdArgs, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) {
    console.error(`start: ${label} failed (exit code ${r.status ?? r.signal}); see the output above`);
    process.exit(1);
  }
}

function ensureBuilt() {
  const webOut = at('dist-web', 'index.html');
  if (mtime(webOut) < newest([at('renderer'), at('core')])) run('building the web app (npm run build:web)', 'npm', ['run', '--silent', 'build:web']);
  const bundles = ['main', 'preload', 'worker'].map((n) => at('dist-electron', `${n}.cjs`));
  const oldest = Math.min(...bundles.map(mtime));
  if (oldest < newest([at('electron'), at('core')])) run('bundling the Electron app (electron/build.mjs)', process.execPath, [at('electron', 'build.mjs')]);
}

/** The Electron executable, or the reason there is none (without triggering electron's lazy download). */
function findElectron() {
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const pkgDir = at('node_modules', 'electron');
  if (!existsSync(join(pkgDir, 'package.json'))) return { reason: 'the electron package is not installed (run npm install)' };
  const pathFile = join(pkgDir, 'path.txt');
  const rel = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : process.platform === 'win32' ? 'electron.exe' : process.platform === 'darwin' ? 'Electron.app/Contents/MacOS/Electron' : 'electron';
  const exe = override ? join(override, rel) : join(pkgDir, 'dist', rel);
  if (!existsSync(exe)) return { reason: `the Electron binary is not installed (${exe} is missing; it is downloaded on first use, which needs access to the Electron releases)` };
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return { reason: 'there is no display (DISPLAY is not set)' };
  return { exe };
}

async function serveFallback(reason) {
  if (reason) console.log(`start: cannot open the desktop app because ${reason}; serving CNN Studio as a web page instead.`);
  const { tsImport } = await import('tsx/esm/api');
  const { serveWeb } = await tsImport('./serve-web.ts', import.meta.url);
  const port = process.env.PORT ? Number(process.env.PORT) : 5180;
  const { server, url } = await serveWeb({ root: at('dist-web'), port });
  console.log(`start: CNN Studio is at ${url}  (Ctrl+C to stop)`);
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

function launch(exe) {
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  const child = spawn(exe, [root, ...args.filter((a) => a !== '--web')], { cwd: root, stdio: 'inherit', env });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

try {
  ensureBuilt();
  const found = args.includes('--web') ? { reason: null } : findElectron();
  if (found.exe) launch(found.exe);
  else await serveFallback(found.reason);
} catch (e) {
  console.error(`start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
