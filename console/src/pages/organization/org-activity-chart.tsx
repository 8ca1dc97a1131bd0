/** Requests per day: an SVG bar chart (role img, one title per bar) and the table of the same numbers. */
import type { JSX } from 'preact';
import { Table } from '../../components/Table';
import { bars, CHART, shortDate } from './org-activity';
import type { DayActivity } from './org-types';

export function ActivityChart({ days }: { readonly days: readonly DayActivity[] }): JSX.Element {
  const b = bars(days);
  const total = b.reduce((n, x) => n + x.requests, 0);
  const first = b[0]?.date ?? '';
  const last = b[b.length - 1]?.date ?? '';
  return (
    <figure class="activity-chart">
      <svg
        viewBox={`0 0 ${String(CHART.width)} ${String(CHART.height)}`}
        role="img"
        aria-label={`Requests per day from ${first} to ${last}: ${String(total)} in all; the table below has each day.`}
      >
        {b.map((x) => (
          <g key={x.date}>
            <rect x={x.x} y={x.y} width={x.width} height={Math.max(x.height, 1)} class="bar">
              <title>{`${x.date}: ${String(x.requests)} requests`}</title>
            </rect>
            <text
              x={x.x + x.width / 2}
              y={CHART.height - 5}
              text-anchor="middle"
              class="axis"
              aria-hidden="true"
            >
              {shortDate(x.date)}
            </text>
          </g>
        ))}
      </svg>
      <figcaption>Requests per day (UTC), last {b.length} days</figcaption>
    </figure>
  );
}

export function ActivityTable({ days }: { readonly days: readonly DayActivity[] }): JSX.Element {
  return (
    <Table
      caption="Activity per day, newest first"
      rows={days}
      rowKey={(d) => d.date}
      columns={[
        { header: 'Date', cell: (d) => d.date },
        { header: 'Requests', cell: (d) => String(d.requests) },
        { header: 'Writes', cell: (d) => String(d.writes) },
        { header: 'Denied', cell: (d) => String(d.denials) },
        { header: 'Active users', cell: (d) => String(d.activeUsers) },
        { header: 'Agents created', cell: (d) => String(d.agentsCreated) },
        { header: 'Agents deleted', cell: (d) => String(d.agentsDeleted) },
      ]}
    />
  );
}
