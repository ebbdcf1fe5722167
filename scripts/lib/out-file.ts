// Writing a CLI's --out file: the folder must exist and the name must not be a folder (UsageError, exit 2, before any
// work), and the file is written atomically (a temp file in the same folder renamed over the target).
import { renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from './args.js';

/** Fails with a UsageError naming `flag` unless `out` can be written: its folder exists and it is not a folder. */
export function checkOut(out: string, flag = '--out'): void {
  const dir = path.dirname(path.resolve(out));
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    isDir = false;
  }
  if (!isDir) throw new UsageError(`${flag}: folder ${dir} does not exist`);
  try {
    if (statSync(out).isDirectory()) throw new UsageError(`${flag}: ${out} is a folder, not a file name`);
  } catch (e) {
    if (e instanceof UsageError) throw e;
  }
}

/** Writes a temp file in the same folder, then renames it over the target (never a half-written file). */
export function writeAtomic(file: string, data: string | Uint8Array): void {
  const tmp = path.join(path.dirname(path.resolve(file)), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, file);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      // the temp file was never created
    }
    throw new Error(`cannot write ${file}: ${(e as Error).message}`);
  }
}
