import { describe, expect, it } from '@jest/globals';
import {
  emptyDelta,
  emptyRecord,
  merge,
  parseRecord,
  sharingServers,
  USERS_CAP,
  dayOfKey,
  activityKey,
} from './record.js';

describe('activity records', () => {
  it('adds deltas, restarts the minute and keeps user names once', () => {
    const d = {
      ...emptyDelta(100),
      requests: 3,
      writes: 1,
      admitted: 2,
      minuteAdmitted: 2,
      users: new Set(['a', 'b']),
    };
    const r1 = merge(emptyRecord(), d, 's1', 1000);
    expect(r1).toMatchObject({
      requests: 3,
      writes: 1,
      admitted: 2,
      minute: 100,
      minuteAdmitted: 2,
      users: ['a', 'b'],
    });
    const r2 = merge(
      r1,
      { ...emptyDelta(100), admitted: 1, minuteAdmitted: 1, users: new Set(['b', 'c']) },
      's2',
      2000,
    );
    expect(r2).toMatchObject({ admitted: 3, minuteAdmitted: 3, users: ['a', 'b', 'c'] });
    expect(sharingServers(r2, 's1', 2000)).toBe(2);
    const r3 = merge(r2, { ...emptyDelta(101), minuteAdmitted: 1, admitted: 1 }, 's1', 3000);
    expect(r3).toMatchObject({ minute: 101, minuteAdmitted: 1, admitted: 4 });
    const late = merge(r3, { ...emptyDelta(100), minuteAdmitted: 5, admitted: 5 }, 's2', 3000);
    expect(late).toMatchObject({ minute: 101, minuteAdmitted: 1, admitted: 9 });
  });

  it('counts users past the cap without their names', () => {
    const many = new Set(Array.from({ length: USERS_CAP + 5 }, (_, i) => `u${String(i)}`));
    const r = merge(emptyRecord(), { ...emptyDelta(0), users: many }, 's', 0);
    expect(r.users).toHaveLength(USERS_CAP);
    expect(r.extraUsers).toBe(5);
  });

  it('forgets servers that stopped writing', () => {
    const r = merge({ ...emptyRecord(), servers: { old: 0 } }, emptyDelta(0), 'me', 500_000);
    expect(Object.keys(r.servers)).toEqual(['me']);
  });

  it('reads malformed values as zero', () => {
    expect(parseRecord('not json')).toEqual(emptyRecord());
    expect(parseRecord('{"requests":-4,"users":[1,"x"],"servers":{"a":"b"}}')).toMatchObject({
      requests: 0,
      users: ['x'],
      servers: { a: 0 },
    });
  });

  it('keys records by organization and day', () => {
    expect(activityKey('acme', '2026-12-06')).toBe('/orgplane/activity/acme/2026-12-06');
    expect(dayOfKey(activityKey('acme', '2026-12-06'))).toBe('2026-12-06');
    expect(dayOfKey('/orgplane/activity/acme/x')).toBeUndefined();
  });
});
