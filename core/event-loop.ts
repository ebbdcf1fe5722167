// The clock and the yield every long-running loop of core shares (training, explanations, shift tests).

export const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/**
 * Lets queued messages (stop, pause, hold, cancel, a new rate) in. Through a fresh MessageChannel where there is one: a
 * `setTimeout(0)` nested in timer tasks, as these loops' are, waits at least 4 ms in a browser's worker (HTML's timer
 * clamping), which every 30 ms of training left both cores idle for 12 % of an epoch. The port is closed once used,
 * so a Node host is not kept alive by it.
 */
export const yieldToEventLoop = (): Promise<void> =>
  new Promise<void>((r) => {
    if (typeof MessageChannel !== 'function') return void setTimeout(r, 0);
    const { port1, port2 } = new MessageChannel();
    port1.onmessage = () => {
      port1.close();
      r();
    };
    port2.postMessage(0);
  });
