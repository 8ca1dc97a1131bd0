/** One page of rows: pages count from 0; a page past the end shows the last one. */
export interface Page<T> {
  readonly rows: readonly T[];
  readonly page: number;
  readonly pages: number;
}

export function pageOf<T>(rows: readonly T[], page: number, size: number): Page<T> {
  const pages = Math.max(1, Math.ceil(rows.length / size));
  const p = Math.min(Math.max(0, page), pages - 1);
  return { rows: rows.slice(p * size, (p + 1) * size), page: p, pages };
}
