// AssemblyScript entry: every exported kernel of the wasm backend (see core/kernels/wasm.ts for the JS side).
export { packA, packB, gemmPacked, gemmRowB, packASize, packBSize } from './gemm';
export { im2col, col2im, biasRows, biasCols, rowSumsAdd, colSumsAdd, transposeAdd, reluMask, im2colPacked, im2colPackedA } from './conv';
export { maxPool2d, maxPoolBackward } from './pool';
export { padPlanes, convDirect } from './direct';
export { wgFilter, wgInput, wgInputScratch, wgOutput, wgOutputGrad, wgFilterGrad } from './winograd';
export { wg4Filter, wg4Input, wg4Output, wg4OutputGrad, wg4FilterGrad } from './winograd4';
export { wg5Filter, wg5Input, wg5Output, wg5OutputGrad, wg5FilterGrad } from './winograd5';
export { wg6Filter, wg6Input, wg6Output } from './winograd6';

/** First free byte after the module's static data; the JS side allocates from here. */
export function heapBase(): usize {
  return (__heap_base + 63) & ~63;
}
