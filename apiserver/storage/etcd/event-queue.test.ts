import { describe, expect, test } from '@jest/globals';
import { EventQueue } from './event-queue.js';

describe('EventQueue', () => {
  test('delivers initial items first, then live items, in order', async () => {
    const q = new EventQueue<number>(2);
    q.pushInitial([1, 2, 3]);
    expect(q.push(4)).toBe(true);
    expect(q.push(5)).toBe(true);
    expect(q.push(6)).toBe(false); // three initial items do not count against the bound of 2
    const got = [];
    for (let i = 0; i < 5; i++) got.push((await q.next()).value);
    expect(got).toEqual([1, 2, 3, 4, 5]);
  });

  test('hands items to waiting consumers and bounds only what is buffered', async () => {
    const q = new EventQueue<string>(1);
    const a = q.next();
    const b = q.next();
    expect(q.push('a')).toBe(true);
    expect(q.push('b')).toBe(true);
    expect(await Promise.all([a, b])).toEqual([
      { value: 'a', done: false },
      { value: 'b', done: false },
    ]);
    expect(q.push('c')).toBe(true);
    expect(q.push('d')).toBe(false);
    expect(q.size).toBe(1);
  });

  test('fail() ends iteration with the error after queued items; end() ends it at once', async () => {
    const q = new EventQueue<number>(10);
    q.push(1);
    const err = new Error('fell behind');
    q.fail(err);
    expect(await q.next()).toEqual({ value: 1, done: false });
    await expect(q.next()).rejects.toBe(err);
    const r = new EventQueue<number>(10);
    r.push(1);
    const pending = new EventQueue<number>(10);
    const waiting = pending.next();
    pending.end();
    r.end();
    expect(await r.next()).toEqual({ value: undefined, done: true });
    expect(await waiting).toEqual({ value: undefined, done: true });
    r.fail(err);
    expect(await r.next()).toEqual({ value: undefined, done: true });
  });

  test('keeps order across its internal compaction of consumed items', async () => {
    const q = new EventQueue<number>(5000);
    for (let i = 0; i < 3000; i++) q.push(i);
    const got: number[] = [];
    for (let i = 0; i < 2000; i++) got.push((await q.next()).value as number);
    for (let i = 3000; i < 4000; i++) q.push(i);
    while (q.size > 0) got.push((await q.next()).value as number);
    expect(got).toEqual(Array.from({ length: 4000 }, (_, i) => i));
  });
});
