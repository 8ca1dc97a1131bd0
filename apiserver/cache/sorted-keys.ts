/**
 * The keys of one set (a resource, or one namespace of it) in storage order, for lists and pages.
 * A write costs O(1): an added key waits in an unsorted batch, a removed one is only noted. The
 * next read sorts the batch and merges it in, dropping keys no longer present (O(n + k log k)), so a
 * burst of creates costs one merge at the next list instead of moving the whole array per create.
 * An array handed out by keys() is never changed afterwards.
 */
export class SortedKeys {
  private sorted: string[];
  private added: string[] = [];
  private removed = false;

  /**
   * @param present whether a key is in the set now (the resource's own map)
   * @param initial the set's keys at creation, in any order
   */
  constructor(
    private readonly present: (key: string) => boolean,
    initial: Iterable<string>,
  ) {
    this.sorted = [...initial].sort();
  }

  add(key: string): void {
    this.added.push(key);
  }

  /** A key left the set (present() now says so). */
  remove(): void {
    this.removed = true;
  }

  keys(): readonly string[] {
    if (this.added.length === 0 && !this.removed) return this.sorted;
    const old = this.sorted;
    const add = this.added.sort();
    const out: string[] = [];
    let i = 0;
    let j = 0;
    while (i < old.length || j < add.length) {
      const a = old[i];
      const b = add[j];
      let key: string;
      if (b === undefined || (a !== undefined && a <= b)) {
        key = a ?? '';
        i++;
      } else {
        key = b;
        j++;
      }
      // a key removed and added again since the last read is in both
      if (key !== out[out.length - 1] && this.present(key)) out.push(key);
    }
    this.sorted = out;
    this.added = [];
    this.removed = false;
    return out;
  }
}
