import { describe, expect, it } from 'vitest';
import { RenderQueue } from '../src/build/render-queue.js';

// The queue between the trees being made and the writers (src/build/render-queue.ts).
const tick = () => new Promise((r) => setImmediate(r));

describe('the render queue', () => {
  it('hands documents out in order, waits for the next one, and ends when closed', async () => {
    const q = new RenderQueue<number>(10);
    await q.push(1, () => false);
    await q.push(2, () => false);
    expect(await q.take()).toBe(1);
    expect(await q.take()).toBe(2);
    let got: number | undefined | 'pending' = 'pending';
    void q.take().then((x) => (got = x));
    await tick();
    expect(got).toBe('pending');
    await q.push(3, () => true);
    await tick();
    expect(got).toBe(3);
    q.close();
    expect(await q.take()).toBeUndefined();
  });

  it('full, the producer waits while someone takes; nobody taking (the writers not started yet), it does not', async () => {
    const q = new RenderQueue<number>(2);
    for (const n of [1, 2, 3, 4]) await q.push(n, () => false);
    expect(q.length).toBe(4);
    let pushed = false;
    const push = q.push(5, () => true).then(() => (pushed = true));
    await tick();
    expect(pushed).toBe(false);
    expect(q.length).toBe(5);
    // room is made only below the capacity: taking two leaves three, still above it
    await q.take();
    await q.take();
    await tick();
    expect(pushed).toBe(false);
    await q.take();
    await push;
    expect(q.length).toBe(2);
    // exactly at the capacity, a push does not wait
    const q2 = new RenderQueue<number>(2);
    await q2.push(1, () => true);
    await q2.push(2, () => true);
    expect(q2.length).toBe(2);
  });

  it('stopped: what waits is dropped, a waiting producer and waiting writers go on, nothing more is taken or added', async () => {
    const q = new RenderQueue<number>(1);
    await q.push(1, () => false);
    let pushed = false;
    const push = q.push(2, () => true).then(() => (pushed = true));
    const taker = new RenderQueue<number>(1);
    const waiting = taker.take();
    await tick();
    expect(pushed).toBe(false);
    q.stop();
    taker.stop();
    await push;
    expect(await waiting).toBeUndefined();
    expect(q.stopped).toBe(true);
    expect(q.length).toBe(0);
    expect(await q.take()).toBeUndefined();
    await q.push(3, () => true);
    expect(q.length).toBe(0);
    expect(new RenderQueue<number>(1).stopped).toBe(false);
  });
});
