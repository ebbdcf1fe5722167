// IDX reader for the original MNIST files (http://yann.lecun.com/exdb/mnist/): big-endian header, uint8 body.
import { CoreError } from '../assert.js';

export interface IdxArray {
  dims: number[];
  data: Uint8Array;
}

export class DataError extends CoreError {
  constructor(readonly file: string, problem: string) {
    super(`${file}: ${problem}`);
    this.name = 'DataError';
  }
}

/** Parses an unsigned-byte IDX file (magic 0x0000 08 nd). Throws DataError naming the file and the problem. */
export function parseIdx(bytes: Uint8Array, file: string): IdxArray {
  if (bytes.length < 4) throw new DataError(file, `too short for an IDX header (${bytes.length} bytes)`);
  if (bytes[0] !== 0 || bytes[1] !== 0) throw new DataError(file, 'wrong magic number (not an IDX file)');
  if (bytes[2] !== 0x08) throw new DataError(file, `unsupported IDX element type 0x${bytes[2].toString(16)} (only unsigned bytes)`);
  const nd = bytes[3];
  if (nd < 1 || nd > 4) throw new DataError(file, `unsupported number of dimensions ${nd}`);
  const header = 4 + 4 * nd;
  if (bytes.length < header) throw new DataError(file, `truncated header: ${bytes.length} bytes, need ${header}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims: number[] = [];
  for (let i = 0; i < nd; i++) dims.push(view.getUint32(4 + 4 * i, false));
  // the declared size against the bytes there are, before anything is allocated for it (the body is a view)
  const expected = dims.reduce((a, b) => a * b, 1);
  const body = bytes.length - header;
  if (body < expected) throw new DataError(file, `truncated: header says ${dims.join('×')} = ${expected} bytes of data, file has ${body}`);
  if (body > expected) throw new DataError(file, `size mismatch: header says ${expected} bytes of data, file has ${body}`);
  return { dims, data: bytes.subarray(header) };
}
