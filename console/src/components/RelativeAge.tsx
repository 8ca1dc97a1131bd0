/** kubectl's AGE of a timestamp, kept current; the exact time is in the title and datetime. */
import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { relativeAge } from './age';

/** The current time, re-read every `intervalMs`. */
export function useNow(intervalMs = 10_000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const t = setInterval(() => {
      setNow(new Date());
    }, intervalMs);
    return () => {
      clearInterval(t);
    };
  }, [intervalMs]);
  return now;
}

export function RelativeAge({ timestamp }: { readonly timestamp: string | undefined }): JSX.Element {
  const now = useNow();
  if (timestamp === undefined) return <span>-</span>;
  const at = new Date(timestamp);
  return (
    <time dateTime={timestamp} title={at.toLocaleString()}>
      {relativeAge(at, now)}
    </time>
  );
}
