import { describe, expect, it } from '@jest/globals';
import { fc, test } from '@fast-check/jest';
import {
  auditFieldSelector,
  hourLabel,
  isDenied,
  matches,
  newestFirst,
  objectText,
  previousHour,
  putLive,
} from './audit';
import type { AuditEvent } from './types';

const ev = (name: string, at: string, extra: Partial<AuditEvent> = {}): AuditEvent => ({
  metadata: { name },
  auditID: name,
  verb: 'get',
  user: { username: 'ann' },
  requestReceivedTimestamp: at,
  ...extra,
});

describe('hours', () => {
  it('labels an hour as the server does and steps back across days', () => {
    expect(hourLabel(new Date('2026-12-06T15:42:10.123Z'))).toBe('2026-12-06T15');
    expect(previousHour('2026-12-06T00')).toBe('2026-12-05T23');
  });
});

describe('filters', () => {
  it('selects denials by decision and a user by name, both at once', () => {
    expect(auditFieldSelector({ deniedOnly: false, user: ' ' })).toBeUndefined();
    expect(auditFieldSelector({ deniedOnly: true, user: 'bob' })).toBe('decision=forbid,user=bob');
  });

  it('matches watched events as the selector would', () => {
    const forbid = ev('a', 't', { annotations: { 'authorization.k8s.io/decision': 'forbid' } });
    expect(matches(forbid, { deniedOnly: true, user: 'ann' })).toBe(true);
    expect(matches(ev('b', 't'), { deniedOnly: true, user: '' })).toBe(false);
    expect(matches(ev('b', 't'), { deniedOnly: false, user: 'bob' })).toBe(false);
  });

  it('calls 401 and 403 denials, nothing else', () => {
    expect([401, 403, 404, 200].map((code) => isDenied(ev('x', 't', { responseStatus: { code } })))).toEqual([
      true,
      true,
      false,
      false,
    ]);
  });
});

describe('ordering and live events', () => {
  test.prop(
    [fc.array(fc.date({ min: new Date(0), max: new Date(4e12), noInvalidDate: true }), { maxLength: 30 })],
    {
      seed: 1616,
    },
  )('newestFirst never puts an older event before a newer one', (dates) => {
    const sorted = newestFirst(dates.map((d, i) => ev(String(i), d.toISOString())));
    for (let i = 1; i < sorted.length; i++)
      expect(
        (sorted[i - 1]?.requestReceivedTimestamp ?? '') >= (sorted[i]?.requestReceivedTimestamp ?? ''),
      ).toBe(true);
  });

  it('puts a new request on top and replaces a later stage of the same request in place', () => {
    const list = [ev('a', '2'), ev('b', '1')];
    expect(putLive(list, ev('c', '3')).map((e) => e.metadata.name)).toEqual(['c', 'a', 'b']);
    const done = ev('b', '1', { responseStatus: { code: 200 } });
    expect(putLive(list, done)[1]).toBe(done);
  });

  it('describes the object of the request', () => {
    expect(
      objectText(ev('a', 't', { objectRef: { resource: 'agents', name: 'bot', namespace: 'acme' } })),
    ).toBe('agents/bot in acme');
    expect(objectText(ev('a', 't', { requestURI: '/version' }))).toBe('/version');
  });
});
