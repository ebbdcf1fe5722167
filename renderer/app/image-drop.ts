// Images in: a PNG or JPEG dropped on the draw pad or pasted (Ctrl/Cmd+V) becomes the network input. The file's header
// is checked before anything is decoded (lib/image-input.ts), the browser decodes it (createImageBitmap) and a canvas
// scales it down and gives its pixels, and the ink read from them is preprocessed like a drawing (LiveInput.showImage).
// A model file (.json, .onnx) dropped on the pad is left to model-drop.ts; every refusal is a message, and the drawing
// is kept.
import { useEffect } from 'react';
import { checkImageSize, imageInk, ImageInputError, MAX_IMAGE_BYTES, readImageHeader, WORK_SIDE, workSize, type ImageHeader } from '../lib/image-input';
import { useStore } from '../store';
import type { Controller } from './controller';

/** Decoded pixels: RGBA, row-major, at most WORK_SIDE on the longer side. */
export interface DecodedImage {
  header: ImageHeader;
  rgba: Uint8ClampedArray;
  width: number;
  height: number;
}

/** Decodes image bytes into RGBA pixels scaled to fit `side` (the browser's decoder and a canvas). */
export type DecodeImage = (blob: Blob, side: number) => Promise<{ rgba: Uint8ClampedArray; width: number; height: number }>;

const decodeWithCanvas: DecodeImage = async (blob, side) => {
  let bitmap: ImageBitmap;
  try {
    // (EXIF orientation applied: the bitmap's size is the upright image's)
    bitmap = await createImageBitmap(blob);
  } catch {
    throw new ImageInputError('the browser could not decode it (damaged or unsupported)');
  }
  try {
    const { width, height } = workSize(bitmap.width, bitmap.height, side);
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) throw new ImageInputError('no 2D canvas to read its pixels');
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(bitmap, 0, 0, width, height);
    return { rgba: ctx.getImageData(0, 0, width, height).data, width, height };
  } finally {
    bitmap.close();
  }
};

/**
 * Reads an image file: its size is checked first (bytes, then the header's declared pixels), and only then is it
 * decoded. Throws ImageInputError with the reason.
 */
export async function decodeImageFile(file: Blob, decode: DecodeImage = decodeWithCanvas, side = WORK_SIDE): Promise<DecodedImage> {
  if (file.size > MAX_IMAGE_BYTES) throw new ImageInputError(`the file is ${(file.size / 2 ** 20).toFixed(0)} MB; images up to ${MAX_IMAGE_BYTES / 2 ** 20} MB are read`);
  const bytes = new Uint8Array(await file.arrayBuffer());
  const header = readImageHeader(bytes);
  checkImageSize(header);
  const px = await decode(new Blob([bytes], { type: header.format === 'PNG' ? 'image/png' : 'image/jpeg' }), side);
  return { header, ...px };
}

/** A model file, which model-drop.ts opens (wherever it is dropped). */
export const isModelFile = (name: string) => /\.(onnx|json)$/i.test(name);

/** Shows an image file as the network input; a refusal is shown as a message and the input stays as it was. */
export async function openImage(c: Controller, file: Blob, name: string, decode?: DecodeImage): Promise<boolean> {
  const s = useStore.getState();
  try {
    if (s.current === null) throw new ImageInputError('the model is still loading');
    const img = await decodeImageFile(file, decode);
    const ink = imageInk(img.rgba, img.width, img.height);
    c.live.showImage(ink.gray, { kind: 'image', name, width: img.header.width, height: img.header.height, background: ink.background });
    return true;
  } catch (err) {
    const why = err instanceof ImageInputError ? err.message : `it could not be read (${(err as Error).message})`;
    useStore.getState().showError(`${name} was not used as input: ${why}. Drop or paste a PNG or JPEG of a digit.`);
    return false;
  }
}

const hasFiles = (e: DragEvent) => Array.from(e.dataTransfer?.types ?? []).includes('Files');

/**
 * Dropping on the pad `el`: any file but a model file is taken as an image (a non-image gets a message); model files
 * are left for the window's handler. Calls `hover` with whether images are dragged over it. Returns the remover.
 */
export function attachImageDrop(el: HTMLElement, c: Controller, hover: (on: boolean) => void): () => void {
  const onOver = (e: DragEvent) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    // (while dragging only the files' types are known: the hint is for images, not for a model file on its way)
    hover(Array.from(e.dataTransfer?.items ?? []).some((item) => item.type.startsWith('image/')));
  };
  const onLeave = (e: DragEvent) => {
    if (!(e.relatedTarget instanceof Node && el.contains(e.relatedTarget))) hover(false);
  };
  const onDrop = (e: DragEvent) => {
    hover(false);
    const file = e.dataTransfer?.files[0];
    if (!file || isModelFile(file.name)) return;
    e.preventDefault();
    void openImage(c, file, file.name);
  };
  el.addEventListener('dragover', onOver);
  el.addEventListener('dragleave', onLeave);
  el.addEventListener('drop', onDrop);
  return () => {
    el.removeEventListener('dragover', onOver);
    el.removeEventListener('dragleave', onLeave);
    el.removeEventListener('drop', onDrop);
  };
}

/** The first image file on the clipboard of a paste event, or null. */
export function pastedImage(e: ClipboardEvent): File | null {
  for (const item of Array.from(e.clipboardData?.items ?? [])) {
    if (item.kind === 'file' && item.type.startsWith('image/')) return item.getAsFile();
  }
  return null;
}

/** Ctrl/Cmd+V with an image on the clipboard, anywhere but in a text field, shows it as the input. */
export function useImagePaste(c: Controller): void {
  useEffect(() => {
    const onPaste = (e: ClipboardEvent) => {
      const t = e.target as HTMLElement | null;
      if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.isContentEditable)) return;
      const file = pastedImage(e);
      if (!file) return;
      e.preventDefault();
      void openImage(c, file, file.name && file.name !== 'image.png' ? file.name : 'the pasted image');
    };
    window.addEventListener('paste', onPaste);
    return () => window.removeEventListener('paste', onPaste);
  }, [c]);
}
