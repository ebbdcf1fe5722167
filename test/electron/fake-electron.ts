// A hand-made stand-in for the 'electron' module in main-process unit tests (the real one needs the binary):
// records ipcMain listeners/handlers and lets a test dispatch messages as a chosen sender.
import { vi } from 'vitest';

type Listener = (event: unknown, ...args: unknown[]) => unknown;

export interface FakeFrame {
  url: string;
}
export interface FakeContents {
  mainFrame: FakeFrame;
  send: ReturnType<typeof vi.fn>;
}

export function fakeContents(url: string): FakeContents {
  return { mainFrame: { url }, send: vi.fn() };
}

export const fake = {
  listeners: new Map<string, Listener>(),
  handlers: new Map<string, Listener>(),
  /** webContents → window; a sender not in here is not one of our windows. */
  windows: new Map<FakeContents, { webContents: FakeContents }>(),
  reset(): void {
    this.listeners.clear();
    this.handlers.clear();
    this.windows.clear();
  },
  /** A window showing `url`; returns its webContents. */
  window(url: string): FakeContents {
    const wc = fakeContents(url);
    this.windows.set(wc, { webContents: wc });
    return wc;
  },
  /** ipcRenderer.send as `sender` from `frame` (default: its main frame). */
  send(channel: string, sender: FakeContents, frame: FakeFrame | null = sender.mainFrame, ...args: unknown[]): unknown {
    const l = this.listeners.get(channel);
    if (!l) throw new Error(`no listener on ${channel}`);
    return l({ sender, senderFrame: frame }, ...args);
  },
  invoke(channel: string, sender: FakeContents, ...args: unknown[]): Promise<unknown> {
    const h = this.handlers.get(channel);
    if (!h) throw new Error(`no handler on ${channel}`);
    return Promise.resolve(h({ sender, senderFrame: sender.mainFrame }, ...args));
  },
};

export const electronMock = {
  ipcMain: {
    on: (ch: string, l: Listener) => void fake.listeners.set(ch, l),
    handle: (ch: string, l: Listener) => void fake.handlers.set(ch, l),
    removeAllListeners: (ch: string) => void fake.listeners.delete(ch),
    removeHandler: (ch: string) => void fake.handlers.delete(ch),
  },
  BrowserWindow: { fromWebContents: (wc: FakeContents) => fake.windows.get(wc) ?? null },
};
