// Standard base64 (RFC 4648, with padding), for model files and the embedded WebAssembly kernels. core has no
// Buffer or atob guarantee (it runs in Node, Web Workers and the renderer), so it carries its own.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const INDEX = (() => {
  const t = new Int16Array(128).fill(-1);
  for (let i = 0; i < 64; i++) t[ALPHABET.charCodeAt(i)] = i;
  return t;
})();

/** A malformed base64 string; the message says what and at which character. */
export class Base64Error extends Error {
  override name = 'Base64Error';
}

/** Encodes bytes as base64 with '=' padding. */
export function toBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  let chunk = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i];
    const b = i + 1 < bytes.length ? bytes[i + 1] : 0;
    const c = i + 2 < bytes.length ? bytes[i + 2] : 0;
    chunk += ALPHABET[a >> 2] + ALPHABET[((a & 3) << 4) | (b >> 4)] + (i + 1 < bytes.length ? ALPHABET[((b & 15) << 2) | (c >> 6)] : '=') + (i + 2 < bytes.length ? ALPHABET[c & 63] : '=');
    if (chunk.length > 8192) {
      parts.push(chunk);
      chunk = '';
    }
  }
  parts.push(chunk);
  return parts.join('');
}

/** Decodes padded base64 (no whitespace); throws Base64Error on a bad length or character. */
export function fromBase64(s: string): Uint8Array {
  if (s.length % 4 !== 0) throw new Base64Error(`base64 length ${s.length} is not a multiple of 4`);
  const pad = s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((s.length / 4) * 3 - pad);
  const digit = (i: number): number => {
    const ch = s.charCodeAt(i);
    if (ch === 61 && i >= s.length - pad) return 0;
    const x = ch < 128 ? INDEX[ch] : -1;
    if (x < 0) throw new Base64Error(`invalid base64 character at ${i}`);
    return x;
  };
  let o = 0;
  for (let i = 0; i < s.length; i += 4) {
    const n = (digit(i) << 18) | (digit(i + 1) << 12) | (digit(i + 2) << 6) | digit(i + 3);
    if (o < out.length) out[o++] = n >> 16;
    if (o < out.length) out[o++] = (n >> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
  }
  return out;
}
