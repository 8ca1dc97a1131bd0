/** A quota's usage as a bar with its numbers in text: amber from 80 %, red from 100 % (as the quota alerts). */
import type { JSX } from 'preact';
import { LEVEL_TEXT, usageLevel, usagePercent } from './usage';

export interface UsageBarProps {
  /** the quota key, e.g. "agents" */
  readonly label: string;
  readonly used: number;
  readonly max: number;
}

export function UsageBar({ label, used, max }: UsageBarProps): JSX.Element {
  const level = usageLevel(used, max);
  const percent = usagePercent(used, max);
  const note = LEVEL_TEXT[level];
  const text = `${String(used)} of ${String(max)}${note ? `, ${note}` : ''}`;
  return (
    <div class={`usage usage-${level}`} data-level={level}>
      <span class="usage-label">
        {label}: {text}
      </span>
      <div
        class="usage-track"
        role="meter"
        aria-label={`${label} usage`}
        aria-valuemin={0}
        aria-valuemax={max}
        aria-valuenow={used}
        aria-valuetext={`${text} (${String(percent)} %)`}
      >
        <div class="usage-fill" style={{ width: `${String(Math.min(100, percent))}%` }} />
      </div>
    </div>
  );
}
