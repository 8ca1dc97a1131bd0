import { unifiedDiff } from './diff-render.js';

describe('unifiedDiff', () => {
  it('is empty for equal texts', () => {
    expect(unifiedDiff('a', 'b', 'x\ny\n', 'x\ny\n')).toBe('');
  });

  it('renders headers, a hunk range and changed lines with context', () => {
    const out = unifiedDiff('live/x', 'desired/x', 'a\nb\nc\n', 'a\nB\nc\n');
    expect(out).toBe('--- live/x\n+++ desired/x\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n');
  });

  it('shows a missing object as all additions', () => {
    expect(unifiedDiff('l', 'd', '', 'k: v\n')).toBe('--- l\n+++ d\n@@ -0,0 +1,1 @@\n+k: v\n');
  });

  it('splits distant changes into separate hunks', () => {
    const old = Array.from({ length: 20 }, (_, i) => `l${String(i)}`);
    const neu = [...old];
    neu[1] = 'X';
    neu[18] = 'Y';
    const out = unifiedDiff('a', 'b', old.join('\n'), neu.join('\n'));
    expect(out.match(/^@@/gm)).toHaveLength(2);
    expect(out).toContain('-l18\n+Y');
  });
});
