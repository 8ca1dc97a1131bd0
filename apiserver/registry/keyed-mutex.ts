/**
 * In-process mutual exclusion per key. Locks on several keys are taken in sorted order, so two
 * holders of overlapping sets cannot deadlock. Across processes, storage compare-and-swap still
 * decides; this only stops writers of one process from colliding over and over.
 */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<void>>();

  private async lockOne(key: string): Promise<() => void> {
    const prev = this.tails.get(key) ?? Promise.resolve();
    let release = (): void => undefined;
    const mine = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = prev.then(() => mine);
    this.tails.set(key, tail);
    await prev;
    return () => {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    };
  }

  async lock(keys: readonly string[]): Promise<() => void> {
    const releases: (() => void)[] = [];
    for (const key of [...new Set(keys)].sort()) releases.push(await this.lockOne(key));
    return () => {
      for (const r of releases.reverse()) r();
    };
  }
}
