import { describe, expect, it } from '@jest/globals';
import { bars, CHART, shortDate } from './org-activity';
import type { DayActivity } from './org-types';

const day = (date: string, requests: number): DayActivity => ({
  date,
  requests,
  writes: 0,
  denials: 0,
  activeUsers: 0,
  agentsCreated: 0,
  agentsDeleted: 0,
});

describe('activity bars', () => {
  it('puts the oldest day left and scales to the busiest day', () => {
    const b = bars([day('2026-12-06', 50), day('2026-12-05', 100), day('2026-12-04', 0)]);
    expect(b.map((x) => x.date)).toEqual(['2026-12-04', '2026-12-05', '2026-12-06']);
    const plot = CHART.height - CHART.labelSpace;
    expect(b.map((x) => x.height)).toEqual([0, plot, plot / 2]);
    expect(b[1]?.y).toBe(0);
    expect(b[0]?.x).toBeLessThan(b[1]?.x ?? 0);
  });

  it('draws nothing tall for a quiet week, nothing at all for no days', () => {
    expect(bars([day('2026-12-06', 0)]).map((x) => x.height)).toEqual([0]);
    expect(bars([])).toEqual([]);
    expect(shortDate('2026-12-06')).toBe('12-06');
  });
});
