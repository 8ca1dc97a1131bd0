/**
 * Column definitions and cell values of a kind's Table, following kube's CRD table convertor: a
 * Name column first, then the additionalPrinterColumns (or a single Age column when the kind
 * declares none); each cell is the first JSONPath match converted to the column's type, or null.
 */
import { isObject } from '../../api/json.js';
import type { PrinterColumn } from '../../api/crd.js';
import type { ResourceInfo } from '../../api/resource.js';
import { ageOf } from './duration.js';
import { evaluateJSONPath, parseJSONPath, type Step } from './jsonpath.js';
import type { TableCell, TableColumnDefinition } from './types.js';

const NAME_DESCRIPTION =
  'Name must be unique within a namespace. Is required when creating resources, although some resources ' +
  'may allow a client to request the generation of an appropriate name automatically. Cannot be updated.';
const CREATION_TIMESTAMP_DESCRIPTION =
  'CreationTimestamp is a timestamp representing the server time when this object was created. ' +
  'It is represented in RFC3339 form and is in UTC.';

/** The column kube adds to a kind without additionalPrinterColumns. */
export const DEFAULT_AGE_COLUMN: PrinterColumn = {
  name: 'Age',
  type: 'date',
  jsonPath: '.metadata.creationTimestamp',
  description: CREATION_TIMESTAMP_DESCRIPTION,
};

export interface CompiledColumn {
  readonly definition: TableColumnDefinition;
  readonly type: PrinterColumn['type'];
  /** undefined when the column's jsonPath does not parse: its cells are null */
  readonly steps: readonly Step[] | undefined;
  /** a key-count column (PrinterColumn.keysOf): the maps whose keys are counted */
  readonly keysOf?: readonly (readonly Step[])[];
}

function parsedSteps(jsonPath: string): readonly Step[] | undefined {
  const parsed = parseJSONPath(jsonPath);
  return 'steps' in parsed ? parsed.steps : undefined;
}

export const NAME_COLUMN: TableColumnDefinition = {
  name: 'Name',
  type: 'string',
  format: 'name',
  description: NAME_DESCRIPTION,
  priority: 0,
};

/** The resource's columns after Name, compiled once per request. */
export function compileColumns(resource: Pick<ResourceInfo, 'printerColumns'>): CompiledColumn[] {
  const columns = resource.printerColumns.length > 0 ? resource.printerColumns : [DEFAULT_AGE_COLUMN];
  return columns.map((c) => {
    const keysOf = c.keysOf?.map(parsedSteps).filter((s) => s !== undefined);
    return {
      type: c.type,
      steps: parsedSteps(c.jsonPath),
      ...(keysOf ? { keysOf } : {}),
      definition: {
        name: c.name,
        type: c.type,
        format: c.format ?? '',
        description:
          c.description !== undefined && c.description !== ''
            ? c.description
            : `Custom resource definition column (in JSONPath format): ${c.jsonPath}`,
        priority: c.priority ?? 0,
      },
    };
  });
}

/** Go's %v of a float64 (kube decodes integral JSON numbers as int64, printed plainly). */
function goNumber(n: number): string {
  if (Number.isInteger(n) || !Number.isFinite(n)) return String(n);
  const [mantissa = '', exp = '0'] = n.toExponential().split('e');
  const e = Number(exp);
  if (e >= -4 && e < 6) return String(n);
  return `${mantissa}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
}

/** JSON with object keys sorted, as Go's json.Marshal writes maps. */
function sortedJSON(v: unknown): string {
  return JSON.stringify(v, (_key, value: unknown) =>
    isObject(value)
      ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : value,
  );
}

/** How kube's JSONPath printer renders a value into a string column. */
function printed(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return goNumber(value);
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'object' && value !== null) return sortedJSON(value);
  return null;
}

/** kube's cellForJSONValue: the value converted to the column type, null when it does not fit. */
function typedCell(type: PrinterColumn['type'], value: unknown, now: number): TableCell {
  switch (type) {
    case 'string':
      return printed(value);
    case 'integer':
      return typeof value === 'number' && Number.isFinite(value) ? Math.trunc(value) : null;
    case 'number':
      return typeof value === 'number' ? value : null;
    case 'boolean':
      return typeof value === 'boolean' ? value : null;
    case 'date':
      return typeof value === 'string' ? ageOf(value, now) : null;
  }
}

/** The number of keys of the maps at `paths` (a missing map counts none). */
function keyCount(paths: readonly (readonly Step[])[], object: unknown): number {
  let n = 0;
  for (const steps of paths) {
    const found = evaluateJSONPath(steps, object)[0];
    if (isObject(found)) n += Object.keys(found).length;
  }
  return n;
}

/** The cell of one column for one object at time `now` (ms since epoch). */
export function cellFor(column: CompiledColumn, object: unknown, now: number): TableCell {
  if (column.keysOf) return keyCount(column.keysOf, object);
  if (!column.steps) return null;
  const results = evaluateJSONPath(column.steps, object);
  if (results.length === 0) return null;
  return typedCell(column.type, results[0], now);
}
