// The size limit of an imported ONNX file, in a module of its own that imports nothing, so Electron's main process
// (open dialog and IPC checks) can share it without bundling the protobuf code.

/** Largest ONNX file imported or carried over IPC (bytes); checked before reading or decoding. The presets' exports are 0.2–0.4 MB. */
export const MAX_ONNX_BYTES = 64 * 1024 * 1024;
