/** Splitting a watch stream into its JSON lines: the complete lines and what is left over. */
export function splitLines(buffer: string): { lines: string[]; rest: string } {
  const parts = buffer.split('\n');
  const rest = parts.pop() ?? '';
  return { lines: parts.filter((l) => l.trim() !== ''), rest };
}

/** 1 s doubling to 30 s, as client-go's reflector backs off. */
export const nextBackoff = (ms: number): number => Math.min(30_000, Math.max(1000, ms * 2));
