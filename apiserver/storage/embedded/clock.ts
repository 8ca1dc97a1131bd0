/** Time source for lease expiry, injectable so tests can move time by hand. */
export interface Clock {
  /** milliseconds, comparable across restarts (wall clock) */
  now(): number;
  /** call fn every ms milliseconds until the returned cancel function is called */
  every(ms: number, fn: () => void): () => void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  every(ms, fn) {
    const handle = setInterval(fn, ms);
    handle.unref();
    return () => {
      clearInterval(handle);
    };
  },
};
