// Entry point of the renderer: picks the host, starts the controller, exposes the window.__app test hook.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { useFastestBackend } from '../core/kernels';
import { App } from './App';
import { ControllerContext } from './app/context';
import { Controller } from './app/controller';
import { testStore } from './app/test-hook';
import { createHost } from './host';
import './styles.css';

declare global {
  interface Window {
    /** Dev/test hook (app/test-hook.ts): store and controller access for Playwright assertions. */
    __app?: { store: typeof testStore; controller: Controller };
  }
}

// WebAssembly SIMD kernels for the local inference when available (compiled asynchronously; plain TS until then)
void useFastestBackend()
  .then(() => controller.infer())
  .catch(() => undefined);
const controller = new Controller(createHost());
controller.start();
window.__app = { store: testStore, controller };
window.addEventListener('beforeunload', () => controller.dispose());

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ControllerContext.Provider value={controller}>
      <App />
    </ControllerContext.Provider>
  </StrictMode>,
);
