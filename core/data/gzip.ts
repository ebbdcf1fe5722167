// Unpacking .gz files (RFC 1952) through the host's DecompressionStream (Node 18+, Web Workers, Chromium), with the
// unpacked size bounded: the output is stopped as soon as it passes the limit (a gzip bomb costs at most the limit).
import { DataError } from './idx.js';

type StreamCtor = new (init: { start(c: { enqueue(b: Uint8Array): void; close(): void }): void }) => CoreReadableStream;
type DecompressorCtor = new (format: 'gzip') => unknown;

/** True when `bytes` start with the gzip magic number 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * The unpacked bytes of a gzip file. Throws DataError naming `file` when it is truncated or corrupt, when its
 * unpacked size is over `maxBytes`, or when this host has no DecompressionStream.
 */
export async function gunzip(bytes: Uint8Array, file: string, maxBytes: number): Promise<Uint8Array> {
  const g = globalThis as { DecompressionStream?: DecompressorCtor; ReadableStream?: StreamCtor };
  if (!g.DecompressionStream || !g.ReadableStream) throw new DataError(file, 'is gzipped and this host cannot unpack gzip (no DecompressionStream); unpack it first (gunzip)');
  // header (10) + trailer (CRC-32, ISIZE) at least
  if (bytes.length < 18) throw new DataError(file, `truncated: ${bytes.length} bytes is too short for a gzip file`);
  // ISIZE, the unpacked size mod 2³², sizes the buffer when it is within the limit (a truncated file's is garbage: the
  // buffer then grows as needed and the stream reports the truncation)
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const declared = view.getUint32(bytes.length - 4, true);
  const over = (n: number) => new DataError(file, `unpacks to more than ${maxBytes} bytes (${n} so far), over the limit`);
  const source = new g.ReadableStream({
    start(c) {
      c.enqueue(bytes);
      c.close();
    },
  });
  const reader = source.pipeThrough(new g.DecompressionStream('gzip')).getReader();
  let out = new Uint8Array(declared <= maxBytes ? declared : Math.min(maxBytes, 1 << 20));
  let length = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!value) continue;
      if (length + value.length > maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw over(length + value.length);
      }
      if (length + value.length > out.length) {
        const grown = new Uint8Array(Math.min(maxBytes, Math.max(2 * out.length, length + value.length)));
        grown.set(out.subarray(0, length));
        out = grown;
      }
      out.set(value, length);
      length += value.length;
    }
  } catch (e) {
    if (e instanceof DataError) throw e;
    throw new DataError(file, `not a readable gzip file: ${(e as Error).message} (truncated or corrupt?)`);
  }
  return out.subarray(0, length);
}

/** The file's bytes, unpacked when it is gzipped (by its magic number, whatever its name). */
export function maybeGunzip(bytes: Uint8Array, file: string, maxBytes: number): Promise<Uint8Array> {
  if (isGzip(bytes)) return gunzip(bytes, file, maxBytes);
  if (bytes.length > maxBytes) return Promise.reject(new DataError(file, `${bytes.length} bytes is over the limit of ${maxBytes} bytes`));
  return Promise.resolve(bytes);
}
