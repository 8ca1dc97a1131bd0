import { describe, expect, it } from '@jest/globals';
import { eventTime, newestFirst } from './org-events';
import type { CoreEvent } from './org-types';

const ev = (name: string, at: string, kind = 'Organization', of = 'acme'): CoreEvent => ({
  metadata: { name, namespace: 'acme' },
  involvedObject: { kind, name: of },
  lastTimestamp: at,
});

describe('organization events', () => {
  it('keeps only the organization’s events, newest first', () => {
    const out = newestFirst(
      [
        ev('old', '2026-01-01T00:00:00Z'),
        ev('agent', '2026-01-03T00:00:00Z', 'Agent'),
        ev('new', '2026-01-02T00:00:00Z'),
        ev('other', '2026-01-04T00:00:00Z', 'Organization', 'globex'),
      ],
      'acme',
    );
    expect(out.map((e) => e.metadata.name)).toEqual(['new', 'old']);
  });

  it('falls back to eventTime, then creation', () => {
    expect(eventTime({ metadata: { name: 'x', creationTimestamp: 'c' }, eventTime: 'e' })).toBe('e');
    expect(eventTime({ metadata: { name: 'x', creationTimestamp: 'c' } })).toBe('c');
  });
});
