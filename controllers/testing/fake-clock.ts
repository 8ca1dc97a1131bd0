/** A Clock tests drive by hand: timers fire only inside advance(), in time order. */
import type { Clock, TimerHandle } from '../runtime/clock.js';

interface Timer {
  readonly at: number;
  readonly seq: number;
  readonly fn: () => void;
}

/** Lets pending promise chains (fake API calls, awaits) run to their next timer. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export class FakeClock implements Clock {
  private timers: Timer[] = [];
  private seq = 0;

  constructor(private t = Date.parse('2025-01-01T00:00:00Z')) {}

  now(): number {
    return this.t;
  }

  monotonic(): number {
    return this.t;
  }

  after(ms: number, fn: () => void): TimerHandle {
    const timer: Timer = { at: this.t + Math.max(0, ms), seq: this.seq++, fn };
    this.timers.push(timer);
    return {
      cancel: () => {
        this.timers = this.timers.filter((x) => x !== timer);
      },
    };
  }

  /** Timers not yet fired. */
  pending(): number {
    return this.timers.length;
  }

  /**
   * Moves time forward by ms without firing timers, as a process stopped (SIGSTOP) and resumed
   * sees it: the overdue timers fire at the next advance().
   */
  jump(ms: number): void {
    this.t += ms;
  }

  /** Moves time forward by ms, firing due timers in order and settling promises between them. */
  async advance(ms: number): Promise<void> {
    const target = this.t + ms;
    for (;;) {
      await settle();
      const due = this.timers.filter((x) => x.at <= target).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) break;
      this.timers = this.timers.filter((x) => x !== due);
      this.t = Math.max(this.t, due.at);
      due.fn();
    }
    this.t = target;
    await settle();
  }
}
