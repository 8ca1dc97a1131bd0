/** Query parameters of resource requests, validated with kube's wording. */
import { badRequest } from '../errors/status.js';
import { managerOrUserAgent, MAX_MANAGER_LENGTH } from '../fieldmanager/manager.js';
import type { FieldValidation } from '../schema/types.js';

export type Query = Readonly<Record<string, string | undefined>>;

/** Flatten Express/URLSearchParams input: the first value of each parameter. */
export function queryOf(url: URL): Query {
  const q: Record<string, string> = {};
  for (const [k, v] of url.searchParams) if (!(k in q)) q[k] = v;
  return q;
}

export function dryRunOf(q: Query): boolean {
  const v = q.dryRun;
  if (v === undefined || v === '') return false;
  if (v === 'All') return true;
  throw badRequest(`Invalid dryRun value: "${v}": supported values: "All"`);
}

export function fieldValidationOf(q: Query): FieldValidation {
  const v = q.fieldValidation;
  if (v === undefined || v === '') return 'Warn';
  if (v === 'Strict' || v === 'Warn' || v === 'Ignore') return v;
  throw badRequest(
    `fieldValidation: Unsupported value: "${v}": supported values: "Ignore", "Warn", "Strict"`,
  );
}

/**
 * The manager of a write: the fieldManager parameter (at most 128 characters), else the
 * User-Agent's prefix (managerOrUserAgent: "kubectl/v1.32 (...)" → "kubectl"), else "unknown".
 */
export function fieldManagerOf(q: Query, userAgent: string | undefined): string {
  const explicit = q.fieldManager;
  if (explicit !== undefined && explicit.length > MAX_MANAGER_LENGTH)
    throw badRequest(`fieldManager: Too long: may not be longer than ${MAX_MANAGER_LENGTH}`);
  const manager = managerOrUserAgent(explicit, userAgent);
  return manager === '' ? 'unknown' : manager;
}

export function boolParam(q: Query, name: string): boolean {
  const v = q[name];
  if (v === undefined || v === '' || v === 'false' || v === '0') return false;
  if (v === 'true' || v === '1') return true;
  throw badRequest(`invalid boolean value for ${name}: "${v}"`);
}

export function intParam(q: Query, name: string): number | undefined {
  const v = q[name];
  if (v === undefined || v === '') return undefined;
  if (!/^-?\d{1,15}$/.test(v)) throw badRequest(`invalid value for ${name}: "${v}"`);
  return Number(v);
}
