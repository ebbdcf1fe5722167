// Test fixture: the entry of a data-parallel replica thread in the electron tests. The built app starts
// dist-electron/replica.cjs; here tsx is registered first, then the TypeScript source of that bundle runs.
import { register } from 'tsx/esm/api';

register();
await import(new URL('../../electron/worker/replica.ts', import.meta.url).href);
