// The only host globals core/ uses; each exists in Node, Web Workers and the renderer alike.
declare const performance: { now(): number };
declare function setTimeout(callback: () => void, ms?: number): unknown;
declare function clearTimeout(handle: unknown): void;
