import { describe, expect, it } from '@jest/globals';
import { breakdown, breakdownRows, type CpuProfile } from './profile-buckets.js';

const frame = (id: number, functionName: string, url: string, children: number[] = []) => ({
  id,
  callFrame: { functionName, url },
  children,
});

// (root) → router (express) → handleCreate (ours) → JSON.parse (builtin); plus GC, idle and a
// socket write with no caller of ours
const profile: CpuProfile = {
  nodes: [
    frame(1, '(root)', '', [2, 5, 6, 7]),
    frame(2, 'handle', 'file:///x/node_modules/router/index.js', [3]),
    frame(3, 'handleCreate', 'file:///x/dist/apiserver/registry/write.js', [4]),
    frame(4, 'parse', ''),
    frame(5, '(garbage collector)', ''),
    frame(6, '(idle)', ''),
    frame(7, 'writev', 'node:net'),
  ],
  startTime: 1000,
  samples: [4, 4, 5, 6, 7, 3, 4],
  timeDeltas: [0, 100, 100, 100, 100, 100, 100, 100],
};

describe('breakdown', () => {
  it('charges builtins to the nearest caller of ours, leaves idle out, keeps GC and runtime apart', () => {
    const b = breakdown(profile, 0, Number.MAX_SAFE_INTEGER);
    expect(Object.fromEntries(b.layers)).toEqual({
      'registry (write pipeline, group commit, retries)': 0.4,
      'garbage collector': 0.1,
      'Node runtime and I/O (no caller of ours)': 0.1,
    });
    expect(b.totalMs).toBeCloseTo(0.6);
  });

  it("charges the socket write below audit's tee of res.end to HTTP serving, the tee's own work to audit", () => {
    const teed: CpuProfile = {
      nodes: [
        frame(1, '(root)', '', [2]),
        frame(2, 'resp.end', 'file:///x/dist/apiserver/audit/capture.js', [3]),
        frame(3, 'end', 'node:_http_outgoing', [4]),
        frame(4, 'writev', ''),
      ],
      startTime: 0,
      samples: [4, 3, 2],
      timeDeltas: [0, 100, 100, 100],
    };
    expect(Object.fromEntries(breakdown(teed, 0, Number.MAX_SAFE_INTEGER).layers)).toEqual({
      'HTTP serving (express, handlers, metrics, other server code)': 0.2,
      'audit (policy, capture, log file, AuditEvent objects)': 0.1,
    });
  });

  it('counts only the samples in the window', () => {
    // samples at 1000, 1100, 1200, ...: the window 1150..1450 holds GC, idle, writev
    const b = breakdown(profile, 1150, 1450);
    expect([...b.layers.keys()].sort()).toEqual([
      'Node runtime and I/O (no caller of ours)',
      'garbage collector',
    ]);
  });

  it('shares the measured CPU out by the samples', () => {
    const rows = breakdownRows(breakdown(profile, 0, Number.MAX_SAFE_INTEGER), 3);
    expect(rows[0]).toEqual(['registry (write pipeline, group commit, retries)', '2.000', '66.7 %']);
  });
});
