import { describe, expect, it } from '@jest/globals';
import { OrgState, quotaSlack } from './org-state.js';
import { emptyRecord } from './record.js';
import { dayOf, minuteOf } from './windows.js';

const T0 = Date.parse('2026-12-06T10:00:15.000Z');

function loaded(servers: Record<string, number> = {}): OrgState {
  const s = new OrgState('me');
  s.setShared(dayOf(T0), { ...emptyRecord(), minute: minuteOf(T0), servers }, T0);
  return s;
}

describe('OrgState', () => {
  it('asks for a sync until today is loaded', () => {
    expect(new OrgState('me').decide({ requestsPerMinute: 5 }, T0)).toEqual({ kind: 'sync' });
  });

  it('refuses at the minute limit with the seconds left in the minute, admits in the next minute', () => {
    const s = loaded();
    const limits = { requestsPerMinute: 5 };
    let admitted = 0;
    for (let i = 0; i < 20; i++) {
      const d = s.decide(limits, T0);
      if (d.kind === 'sync') {
        // a lone server's sync stores its pending counts: model it by moving them into shared
        const rec = {
          ...emptyRecord(),
          minute: minuteOf(T0),
          minuteAdmitted: s.admitted(T0).minute,
          admitted: s.admitted(T0).day,
        };
        s.pending.clear();
        s.setShared(dayOf(T0), rec, T0);
        continue;
      }
      if (d.kind === 'refuse') {
        expect(d).toEqual({ kind: 'refuse', window: 'minute', limit: 5, retryAfter: 45 });
        break;
      }
      s.admit(T0);
      admitted++;
    }
    expect(admitted).toBe(5);
    expect(s.decide(limits, T0 + 45_000).kind).toBe('admit');
  });

  it('refuses at the day limit with the seconds left in the day', () => {
    const s = loaded();
    s.setShared(dayOf(T0), { ...emptyRecord(), admitted: 100 }, T0);
    expect(s.decide({ requestsPerDay: 100, requestsPerMinute: 1000 }, T0)).toEqual({
      kind: 'refuse',
      window: 'day',
      limit: 100,
      retryAfter: 14 * 3600 - 15,
    });
  });

  it('needs a sync after slack unsynced admissions', () => {
    const s = loaded({ other: T0 });
    const limits = { requestsPerDay: 300 };
    const slack = quotaSlack(300, 2);
    expect(slack).toBe(10);
    for (let i = 0; i < slack; i++) {
      expect(s.decide(limits, T0).kind).toBe('admit');
      s.admit(T0);
    }
    expect(s.decide(limits, T0).kind).toBe('sync');
  });

  it('keeps a failed flush’s counts', () => {
    const s = loaded();
    s.admit(T0);
    s.deltaFor(T0).requests += 3;
    s.takePending();
    s.admit(T0);
    expect(s.admitted(T0).day).toBe(2);
    s.restoreInflight();
    expect(s.inflight).toBeUndefined();
    expect(s.pending.get(dayOf(T0))).toMatchObject({ admitted: 2, requests: 3, minuteAdmitted: 2 });
  });

  it('counts a user once per day', () => {
    const s = loaded();
    s.noteUser('ann', T0, 10);
    s.takePending();
    s.noteUser('ann', T0 + 1000, 10);
    expect(s.pending.get(dayOf(T0))?.users.size ?? 0).toBe(0);
    s.noteUser('ann', T0 + 86_400_000, 10);
    expect(s.pending.get(dayOf(T0 + 86_400_000))?.users.has('ann')).toBe(true);
  });
});

describe('quotaSlack', () => {
  it('splits 10 % of the limit between the known servers and one more, at least 1', () => {
    expect(quotaSlack(1000, 1)).toBe(50);
    expect(quotaSlack(1000, 2)).toBe(33);
    expect(quotaSlack(30, 1)).toBe(1);
    expect(quotaSlack(5, 3)).toBe(1);
  });
});
