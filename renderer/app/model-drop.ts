// Drag and drop of a model onto the window: an .onnx file is imported, a .json model file loaded (onnx-actions.ts).
// A drop that something on the page already handled (preventDefault: an image on the draw pad, app/image-drop.ts) is
// left alone; any other file dropped is not opened by the browser (which would leave the studio) and gets a message
// saying what can be dropped.
import { useEffect } from 'react';
import { useStore } from '../store';
import type { Controller } from './controller';
import { openDroppedFile } from './onnx-actions';

const hasFiles = (e: DragEvent) => Array.from(e.dataTransfer?.types ?? []).includes('Files');

export function useModelDrop(controller: Controller): void {
  useEffect(() => {
    const onDragOver = (e: DragEvent) => {
      if (!hasFiles(e) || e.defaultPrevented) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    };
    const onDrop = (e: DragEvent) => {
      if (!hasFiles(e) || e.defaultPrevented) return;
      e.preventDefault();
      const file = e.dataTransfer?.files[0];
      if (!file) return;
      void openDroppedFile(controller, file).then((opened) => {
        if (!opened) useStore.getState().showError(`${file.name} was not opened: drop a model file (.json) or an ONNX model (.onnx) to open it, or an image (PNG or JPEG) on the draw pad to read it as a digit.`);
      });
    };
    window.addEventListener('dragover', onDragOver);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragover', onDragOver);
      window.removeEventListener('drop', onDrop);
    };
  }, [controller]);
}
