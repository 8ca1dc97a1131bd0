/**
 * Server-side printing: objects of one kind → a meta.k8s.io Table, for list, get and watch with
 * `Accept: application/json;as=Table;v=v1;g=meta.k8s.io`.
 */
import type { ListMeta } from '../../api/meta.js';
import type { ResourceInfo } from '../../api/resource.js';
import { cellFor, compileColumns, NAME_COLUMN, type CompiledColumn } from './cells.js';
import { toPartialObjectMetadata } from './partial.js';
import type { IncludeObjectPolicy, MetaVersion, Table, TableRow } from './types.js';

export interface TableOptions {
  /** what each row carries; kube's default is Metadata */
  readonly includeObject?: IncludeObjectPolicy;
  /** the time ages are computed against (ms since epoch or a Date); default: now */
  readonly now?: number | Date;
  /** omit columnDefinitions (watch events after the first) */
  readonly noHeaders?: boolean;
  /** Table version the client asked for; default v1 */
  readonly version?: MetaVersion;
}

export type ResourceColumns = Pick<ResourceInfo, 'printerColumns'>;

function nameOf(obj: unknown): string {
  const meta = typeof obj === 'object' && obj !== null ? (obj as { metadata?: unknown }).metadata : undefined;
  const name = typeof meta === 'object' && meta !== null ? (meta as { name?: unknown }).name : undefined;
  return typeof name === 'string' ? name : '';
}

function rowFor(
  obj: unknown,
  columns: readonly CompiledColumn[],
  now: number,
  options: TableOptions,
): TableRow {
  const row: TableRow = { cells: [nameOf(obj), ...columns.map((c) => cellFor(c, obj, now))] };
  const include = options.includeObject ?? 'Metadata';
  if (include === 'Object') row.object = obj;
  else if (include === 'Metadata') row.object = toPartialObjectMetadata(obj, options.version ?? 'v1');
  return row;
}

function compactListMeta(meta: ListMeta): ListMeta {
  const out: ListMeta = {};
  if (meta.resourceVersion !== undefined && meta.resourceVersion !== '')
    out.resourceVersion = meta.resourceVersion;
  if (meta.continue !== undefined && meta.continue !== '') out.continue = meta.continue;
  if (meta.remainingItemCount !== undefined) out.remainingItemCount = meta.remainingItemCount;
  return out;
}

/**
 * A Table of `objects` (a list's items, or `[obj]` for a single get). `listMeta` is the list's
 * metadata (resourceVersion, continue, remainingItemCount), or `{resourceVersion}` of the object.
 */
export function toTable(
  resource: ResourceColumns,
  objects: readonly unknown[],
  options: TableOptions = {},
  listMeta: ListMeta = {},
): Table {
  const columns = compileColumns(resource);
  const now = options.now === undefined ? Date.now() : Number(options.now);
  const table: Table = {
    kind: 'Table',
    apiVersion: `meta.k8s.io/${options.version ?? 'v1'}`,
    metadata: compactListMeta(listMeta),
    rows: objects.map((o) => rowFor(o, columns, now, options)),
  };
  if (options.noHeaders !== true)
    table.columnDefinitions = [NAME_COLUMN, ...columns.map((c) => c.definition)];
  return table;
}
