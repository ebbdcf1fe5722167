// core/event-loop.ts: the yield every long-running loop of core takes between its steps.
import { describe, expect, test } from 'vitest';
import { yieldToEventLoop } from '../../core/event-loop.js';

describe('the loop yields to the event loop', () => {
  test('a message queued before a yield (a stop from the host) is handled before the loop goes on', async () => {
    const { port1, port2 } = new MessageChannel();
    const seen: string[] = [];
    port1.onmessage = (e) => seen.push(String(e.data));
    port2.postMessage('stop');
    const t = performance.now();
    while (performance.now() - t < 5); // the message is surely queued
    await yieldToEventLoop();
    seen.push('resumed');
    port1.close();
    expect(seen).toEqual(['stop', 'resumed']);
  });
});
