/** Usage against a quota, leveled as the quota alerts are: warning at 80 %, exceeded at 100 %. */
export type UsageLevel = 'ok' | 'warning' | 'exceeded';

export const WARNING_PERCENT = 80;

/** Percent of `max` used (a quota of 0 is full). */
export const usagePercent = (used: number, max: number): number =>
  max <= 0 ? 100 : Math.round((used / max) * 100);

export function usageLevel(used: number, max: number): UsageLevel {
  if (max <= 0 || used >= max) return 'exceeded';
  return used * 100 >= max * WARNING_PERCENT ? 'warning' : 'ok';
}

export const LEVEL_TEXT: Readonly<Record<UsageLevel, string>> = {
  ok: '',
  warning: 'near limit',
  exceeded: 'at limit',
};
