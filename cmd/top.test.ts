import { describe, expect, it } from '@jest/globals';
import { busiestFirst, renderTable, type OrgRow } from './top.js';

const row = (name: string, requests: number, writes = 0): OrgRow => ({
  name,
  requests,
  writes,
  denials: 0,
  activeUsers: 1,
  agentsCreated: 0,
  agentsDeleted: 0,
});

describe('orgplane top organizations', () => {
  it('puts the busiest first, then by writes and name', () => {
    const sorted = busiestFirst([row('quiet', 3), row('b', 70, 1), row('a', 70, 1), row('writer', 70, 9)]);
    expect(sorted.map((r) => r.name)).toEqual(['writer', 'a', 'b', 'quiet']);
  });

  it('renders aligned columns under a header', () => {
    const lines = renderTable([row('umbrella', 120, 4), row('w', 2)])
      .trimEnd()
      .split('\n');
    expect(lines[0]).toMatch(
      /^NAME\s+REQUESTS\s+WRITES\s+DENIALS\s+ACTIVE USERS\s+AGENTS CREATED\s+AGENTS DELETED$/,
    );
    expect(lines[1]).toMatch(/^umbrella\s+120\s+4\s+0\s+1\s+0\s+0$/);
    expect(lines[1]?.indexOf('120')).toBe(lines[0]?.indexOf('REQUESTS'));
  });
});
