/**
 * A data table with a caption and paging (Previous page / Next page, "Page 1 of 3"), so a page
 * renders at most pageSize rows however long the list (1,000 agents stay fast).
 */
import type { ComponentChildren, JSX } from 'preact';
import { useState } from 'preact/hooks';
import { pageOf } from './paging';

export interface Column<T> {
  readonly header: string;
  readonly cell: (row: T) => ComponentChildren;
  /** the first column is the row header by default */
  readonly rowHeader?: boolean;
}

export interface TableProps<T> {
  readonly caption: string;
  readonly columns: readonly Column<T>[];
  readonly rows: readonly T[];
  readonly rowKey: (row: T) => string;
  readonly pageSize?: number;
  /** shown instead of an empty table */
  readonly empty?: ComponentChildren;
}

export function Table<T>({
  caption,
  columns,
  rows,
  rowKey,
  pageSize = 50,
  empty,
}: TableProps<T>): JSX.Element {
  const [page, setPage] = useState(0);
  const p = pageOf(rows, page, pageSize);
  if (rows.length === 0 && empty !== undefined) return <>{empty}</>;
  return (
    <div class="table-wrap">
      <table class="table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th scope="col" key={c.header}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {p.rows.map((row) => (
            <tr key={rowKey(row)}>
              {columns.map((c, i) =>
                (c.rowHeader ?? i === 0) ? (
                  <th scope="row" key={c.header}>
                    {c.cell(row)}
                  </th>
                ) : (
                  <td key={c.header} data-label={c.header}>
                    {c.cell(row)}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {p.pages > 1 && (
        <nav class="pager" aria-label={`${caption} pages`}>
          <button
            type="button"
            disabled={p.page === 0}
            onClick={() => {
              setPage(p.page - 1);
            }}
          >
            Previous page
          </button>
          <span aria-live="polite">
            Page {p.page + 1} of {p.pages}
          </span>
          <button
            type="button"
            disabled={p.page >= p.pages - 1}
            onClick={() => {
              setPage(p.page + 1);
            }}
          >
            Next page
          </button>
        </nav>
      )}
    </div>
  );
}
