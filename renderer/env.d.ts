// Ambient types for the renderer: Vite's client types (import.meta.glob, ?raw, ?worker) and the desktop bridge.
/// <reference types="vite/client" />
import type { DesktopApi } from '../core/protocol';

declare global {
  interface Window {
    desktop?: DesktopApi;
  }
}
