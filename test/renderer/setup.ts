// Renderer test setup: a canvas implementation for Konva under jsdom.
import 'vitest-canvas-mock';
