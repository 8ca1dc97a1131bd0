import { describe, expect, it } from '@jest/globals';
import { SharedFeeds } from './org-shared';

function setup() {
  const started: { key: string; signal: AbortSignal; publish: (v: number) => void }[] = [];
  const feeds = new SharedFeeds<number>((key, signal, publish) => {
    started.push({ key, signal, publish });
  }, -1);
  return { started, feeds };
}

describe('SharedFeeds', () => {
  it('starts one feed per key for any number of subscribers, and hands out its values', () => {
    const { started, feeds } = setup();
    const a: number[] = [];
    const b: number[] = [];
    feeds.subscribe('acme', (v) => a.push(v));
    started[0]?.publish(1);
    feeds.subscribe('acme', (v) => b.push(v));
    started[0]?.publish(2);
    expect(started).toHaveLength(1);
    expect(a).toEqual([-1, 1, 2]);
    expect(b).toEqual([1, 2]);
    expect(feeds.current('acme')).toBe(2);
  });

  it('stops the feed when the last subscriber leaves, and starts afresh after', () => {
    const { started, feeds } = setup();
    const off1 = feeds.subscribe('acme', () => undefined);
    const off2 = feeds.subscribe('acme', () => undefined);
    off1();
    expect(started[0]?.signal.aborted).toBe(false);
    off2();
    off2(); // a second call changes nothing
    expect(started[0]?.signal.aborted).toBe(true);
    expect(feeds.current('acme')).toBe(-1);
    feeds.subscribe('acme', () => undefined);
    expect(started).toHaveLength(2);
    expect(started[1]?.signal.aborted).toBe(false);
  });

  it('keeps keys apart', () => {
    const { started, feeds } = setup();
    feeds.subscribe('a', () => undefined);
    feeds.subscribe('b', () => undefined);
    expect(started.map((s) => s.key)).toEqual(['a', 'b']);
  });
});
