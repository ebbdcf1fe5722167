// The fuzz targets by name (scripts/fuzz.ts, the fuzz worker and the vitest run them).
import type { Target, TargetName } from './harness.js';
import { idxTarget } from './idx.js';
import { idxGzTarget } from './idx-gz.js';
import { modelFileTarget } from './model-file.js';
import { onnxTarget } from './onnx.js';
import { sessionTarget } from './session.js';
import { specTarget } from './spec.js';

export const TARGET_LIST: Record<TargetName, Target> = { 'model-file': modelFileTarget, idx: idxTarget, session: sessionTarget, spec: specTarget, onnx: onnxTarget, 'idx-gz': idxGzTarget };
