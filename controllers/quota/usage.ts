/**
 * Quota arithmetic: which quota keys the controller can count, the usage band of an organization
 * (below 80 %, from 80 %, at or above 100 % of some quota), and which Agents are in excess.
 */
import type { KubeObject } from '../../api/meta.js';
import { AGENTS, ROLE_BINDINGS, type ResourceType } from '../runtime/resources.js';

/**
 * Quota keys the controller recounts, named as the API server's quota admission names them
 * ("<plural>" for orgplane.io kinds, "<plural>.<group>" otherwise); "agents" is always counted,
 * the others while quoted. Usage of other quoted keys is left as admission records it.
 */
export const COUNTED: ReadonlyMap<string, ResourceType> = new Map([
  ['agents', AGENTS],
  ['rolebindings.rbac.authorization.k8s.io', ROLE_BINDINGS],
]);

export type Band = 0 | 1 | 2;

export interface Assessment {
  /** 0: every quota under 80 %; 1: some quota at 80 % or more; 2: some quota used up (or above) */
  readonly band: Band;
  /** some usage is above its quota (a quota lowered below what exists) */
  readonly exceeded: boolean;
  /** e.g. "agents: 5 of 2" for the quotas at the band's level */
  readonly detail: string;
}

function bandOf(used: number, max: number): Band {
  if (max === 0) return used > 0 ? 2 : 0;
  if (used >= max) return 2;
  return used * 5 >= max * 4 ? 1 : 0;
}

export function assess(
  usage: Readonly<Record<string, number>>,
  quota: Readonly<Record<string, number>>,
): Assessment {
  let band: Band = 0;
  let exceeded = false;
  const parts: { band: Band; text: string }[] = [];
  for (const [key, max] of Object.entries(quota).sort(([a], [b]) => a.localeCompare(b))) {
    const used = usage[key];
    if (used === undefined) continue;
    const b = bandOf(used, max);
    if (used > max) exceeded = true;
    if (b > band) band = b;
    parts.push({ band: b, text: `${key}: ${used} of ${max}` });
  }
  const detail = parts
    .filter((p) => p.band === band && band > 0)
    .map((p) => p.text)
    .join(', ');
  return { band, exceeded, detail };
}

/** The QuotaExceeded condition's reason records the band, so a crossing is reported once. */
export const BAND_REASON: Readonly<Record<Band, string>> = { 0: 'WithinQuota', 1: 'NearQuota', 2: 'AtQuota' };
export const OVER_QUOTA_REASON = 'OverQuota';

export function bandFromReason(reason: string | undefined): Band {
  if (reason === OVER_QUOTA_REASON || reason === BAND_REASON[2]) return 2;
  return reason === BAND_REASON[1] ? 1 : 0;
}

const created = (o: KubeObject): number => Date.parse(o.metadata.creationTimestamp ?? '') || 0;

/** Names of the agents beyond max, newest first by creationTimestamp then name; deleting ones excluded. */
export function excessAgents(agents: readonly KubeObject[], max: number | undefined): Set<string> {
  if (max === undefined || agents.length <= max) return new Set();
  const live = agents
    .filter((a) => a.metadata.deletionTimestamp === undefined)
    .sort((a, b) => created(a) - created(b) || (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
  return new Set(live.slice(Math.max(0, max)).map((a) => a.metadata.name ?? ''));
}
