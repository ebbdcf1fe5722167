// Open a data set… in the web build: an <input type=file> for a folder (webkitdirectory) or several files (IDX), the
// listing checked against core's limits before any file is read (core/data/pick.ts), then the allowed files read.
import { checkPicked } from '../../core/data/pick';
import type { DataPickMode, OpenDataResult, PickedFile } from '../../core/protocol';

/** Reads the picked File objects (paths below the picked folder); a limit or read failure is an error value. */
export async function readPickedFiles(list: readonly File[], mode: DataPickMode): Promise<OpenDataResult> {
  // webkitRelativePath is "<picked folder>/<class>/<image>": the first part names the data set, the rest is its path
  const rel = (f: File) => (mode === 'folder' && f.webkitRelativePath ? f.webkitRelativePath.split('/').slice(1).join('/') : f.name);
  const name = mode === 'folder' ? (list[0]?.webkitRelativePath.split('/')[0] ?? 'data set') : 'IDX files';
  const entries = list.map((f) => ({ path: rel(f), size: f.size }));
  let read: boolean[];
  try {
    read = checkPicked(entries, name);
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
  const files: PickedFile[] = [];
  for (let i = 0; i < list.length; i++) {
    try {
      files.push({ ...entries[i], bytes: read[i] ? new Uint8Array(await list[i].arrayBuffer()) : new Uint8Array(0) });
    } catch (e) {
      return { ok: false, error: `${entries[i].path}: cannot be read (${(e as Error).message})` };
    }
  }
  const dirs = [...new Set(entries.flatMap((e) => e.path.split('/').slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join('/'))))];
  const path = mode === 'folder' ? name : list.map((f) => f.name).join(', ').slice(0, 200);
  return { ok: true, path, name, files, dirs };
}

/** Shows the browser's file picker for a folder or IDX files; resolves canceled when it closes without any. */
export function pickDataFiles(mode: DataPickMode): Promise<OpenDataResult> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.multiple = true;
    if (mode === 'folder') input.webkitdirectory = true;
    else input.accept = '.gz,.idx3-ubyte,.idx1-ubyte,application/gzip,application/octet-stream';
    input.style.display = 'none';
    input.dataset.testid = mode === 'folder' ? 'host.data-folder-input' : 'host.data-files-input';
    let settled = false;
    const done = (r: OpenDataResult) => {
      if (settled) return;
      settled = true;
      input.remove();
      resolve(r);
    };
    input.addEventListener('change', () => {
      const list = [...(input.files ?? [])];
      if (list.length === 0) return done({ ok: false, canceled: true });
      void readPickedFiles(list, mode).then(done);
    });
    input.addEventListener('cancel', () => done({ ok: false, canceled: true }));
    document.body.appendChild(input);
    input.click();
  });
}
