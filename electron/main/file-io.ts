// File helpers for main that need no Electron: atomic writes (temp file + rename), PNG data-URL decoding and
// safe default file names. Every failure is an Error whose message names the file.
import { randomBytes } from 'node:crypto';
import { open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** The file system calls atomicWriteFile makes (tests pass failing ones: a full disk). */
export interface AtomicIo {
  open: typeof open;
  rename: typeof rename;
  rm: typeof rm;
}
const NODE_IO: AtomicIo = { open, rename, rm };

/** Why a write failed, in words, for the codes a save meets (a read-only folder, a full disk, …). */
const WHY: Record<string, string> = {
  EACCES: 'permission denied: the folder is read-only or not yours',
  EPERM: 'not permitted: the folder or file is read-only or locked',
  EROFS: 'the disk is read-only',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  ENOENT: 'the folder does not exist',
  EISDIR: 'a folder has that name',
  ENAMETOOLONG: 'the name is too long',
};

/** "the disk is full (ENOSPC)", or the error's own message when it has no code. */
export function whyWriteFailed(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  return code ? `${WHY[code] ?? 'the system refused it'} (${code})` : (e as Error).message;
}

/**
 * Writes `data` to `file` so that readers see either the old or the whole new content: write a temp file in the
 * same folder, flush it, then rename it over the target. If anything fails the temp file is removed, the file
 * already there is left as it was, and the error says why and that nothing changed.
 */
export async function atomicWriteFile(file: string, data: string | Uint8Array, io: AtomicIo = NODE_IO): Promise<void> {
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const fh = await io.open(tmp, 'wx');
    try {
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await io.rename(tmp, file);
  } catch (e) {
    await io.rm(tmp, { force: true }).catch(() => undefined);
    const existed = await stat(file).then(
      (st) => st.isFile(),
      () => false,
    );
    throw new Error(`cannot write ${file}: ${whyWriteFailed(e)}; ${existed ? 'the file already there was not changed' : 'nothing was written'}`);
  }
}

const PNG_PREFIX = 'data:image/png;base64,';
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** Largest export accepted (a 4k×4k RGBA PNG is well under this). */
export const MAX_PNG_BYTES = 64 * 1024 * 1024;

/** The bytes of a `data:image/png;base64,…` URL; throws unless it is one and holds a PNG. */
export function decodePngDataUrl(dataUrl: string): Uint8Array {
  if (!dataUrl.startsWith(PNG_PREFIX)) throw new Error(`exportPng: expected a data:image/png;base64 URL, got "${dataUrl.slice(0, 30)}…"`);
  const b64 = dataUrl.slice(PNG_PREFIX.length);
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64)) throw new Error('exportPng: the data URL is not valid base64');
  const bytes = new Uint8Array(Buffer.from(b64, 'base64'));
  if (bytes.length > MAX_PNG_BYTES) throw new Error(`exportPng: image is ${bytes.length} bytes, more than ${MAX_PNG_BYTES}`);
  if (bytes.length < 8 || PNG_SIGNATURE.some((b, i) => bytes[i] !== b)) throw new Error('exportPng: the data is not a PNG image');
  return bytes;
}

/**
 * A file name safe to offer in a save dialog: no folders, no characters Windows forbids, at most 100 characters,
 * ending in `ext` (given with its dot). Falls back to `fallback` when nothing usable is left.
 */
export function safeFileName(name: unknown, ext: string, fallback = 'untitled'): string {
  let base = typeof name === 'string' ? name : '';
  base = base.split(/[/\\]/).pop() ?? '';
  base = base.replace(/[<>:"|?*\u0000-\u001f]/g, '_').replace(/^\.+/, '').trim();
  if (base.toLowerCase().endsWith(ext.toLowerCase())) base = base.slice(0, -ext.length);
  base = base.slice(0, 100) || fallback;
  return base + ext;
}
