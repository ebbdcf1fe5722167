// File helpers for main that need no Electron: atomic writes (temp file + rename), PNG data-URL decoding and
// safe default file names. Every failure is an Error whose message names the file.
import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Writes `data` to `file` so that readers see either the old or the whole new content: write a temp file in the
 * same folder, flush it, then rename it over the target. The temp file is removed if anything fails.
 */
export async function atomicWriteFile(file: string, data: string | Uint8Array): Promise<void> {
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const fh = await open(tmp, 'wx');
    try {
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true });
    throw new Error(`cannot write ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
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
