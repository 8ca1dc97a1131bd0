/** Geometry of the requests-per-day chart: oldest day on the left, bar heights scaled to the busiest day. */
import type { DayActivity } from './org-types';

export interface Bar {
  readonly date: string;
  readonly requests: number;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export const CHART = { width: 640, height: 200, gap: 4, labelSpace: 20 } as const;

export function bars(days: readonly DayActivity[]): Bar[] {
  const ordered = [...days].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const max = Math.max(1, ...ordered.map((d) => d.requests));
  const slot = ordered.length === 0 ? 0 : CHART.width / ordered.length;
  const plot = CHART.height - CHART.labelSpace;
  return ordered.map((d, i) => {
    const height = Math.round((d.requests / max) * plot);
    return {
      date: d.date,
      requests: d.requests,
      x: Math.round(i * slot + CHART.gap / 2),
      y: plot - height,
      width: Math.max(1, Math.round(slot - CHART.gap)),
      height,
    };
  });
}

/** "12-06" of "2026-12-06": the axis label. */
export const shortDate = (date: string): string => date.slice(5);
