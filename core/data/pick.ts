// What of a picked folder or file list gets read (both edges: Electron's main process and the web build's file input):
// IDX files and PNG/JPEG images, each within its size limit, the whole within LIMITS.pickedBytes; other files are
// listed but not read. Checked on the listing, before any byte is read, with messages naming the file.
import { LIMITS } from '../limits.js';
import { idxRole } from './idx-set.js';
import { DataError } from './idx.js';

export type PickedKind = 'idx' | 'image' | 'other';

/** What a picked file is, by its name. */
export function pickedKind(path: string): PickedKind {
  if (/\.(png|jpe?g)$/i.test(path)) return 'image';
  return idxRole(path) !== null ? 'idx' : 'other';
}

/** Checks a listing (paths and sizes) against the limits; returns which entries to read. Throws DataError. */
export function checkPicked(entries: readonly { path: string; size: number }[], where: string): boolean[] {
  if (entries.length === 0) throw new DataError(where, 'holds no files');
  if (entries.length > LIMITS.folderFiles) throw new DataError(where, `holds ${entries.length} files, over the limit of ${LIMITS.folderFiles}; pick a folder with fewer images`);
  let total = 0;
  return entries.map((e) => {
    const kind = pickedKind(e.path);
    if (kind === 'other') return false;
    const max = kind === 'idx' ? LIMITS.idxBytes : LIMITS.imageFileBytes;
    if (e.size > max) throw new DataError(e.path, `${e.size} bytes is over the limit of ${max} bytes for ${kind === 'idx' ? 'an IDX file' : 'one image'}`);
    total += e.size;
    if (total > LIMITS.pickedBytes) throw new DataError(where, `holds more than ${LIMITS.pickedBytes} bytes of images and IDX files, over the limit`);
    return true;
  });
}
