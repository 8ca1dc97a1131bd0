/**
 * meta.k8s.io Table and PartialObjectMetadata shapes (served as v1, or v1beta1 on request).
 */
import type { ListMeta, ObjectMeta } from '../../api/meta.js';

export type MetaVersion = 'v1' | 'v1beta1';

export interface TableColumnDefinition {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

/** A cell: string, number, boolean, or null for a missing value (kubectl prints `<none>`). */
export type TableCell = string | number | boolean | null;

export interface TableRow {
  cells: TableCell[];
  /** absent for includeObject=None */
  object?: unknown;
}

export interface Table {
  kind: 'Table';
  apiVersion: `meta.k8s.io/${MetaVersion}`;
  metadata: ListMeta;
  /** absent when headers were not asked for (every watch event after the first) */
  columnDefinitions?: TableColumnDefinition[];
  rows: TableRow[];
}

export interface PartialObjectMetadata {
  kind: 'PartialObjectMetadata';
  apiVersion: `meta.k8s.io/${MetaVersion}`;
  metadata: ObjectMeta;
}

export interface PartialObjectMetadataList {
  kind: 'PartialObjectMetadataList';
  apiVersion: `meta.k8s.io/${MetaVersion}`;
  metadata: ListMeta;
  items: PartialObjectMetadata[];
}

/** What each row carries: nothing, its metadata (the default), or the whole object. */
export type IncludeObjectPolicy = 'None' | 'Metadata' | 'Object';
